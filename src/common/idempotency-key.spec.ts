import { idempotencyKeyFrom, MAX_IDEMPOTENCY_KEY_LENGTH } from './idempotency-key';
import { ProblemException } from './problem.exception';

function refusal(header: string | string[]): ProblemException {
  try {
    idempotencyKeyFrom(header);
  } catch (error) {
    expect(error).toBeInstanceOf(ProblemException);
    return error as ProblemException;
  }
  throw new Error(`expected ${JSON.stringify(header)} to be refused`);
}

describe('idempotencyKeyFrom', () => {
  it('is null without the header: the request is not keyed', () => {
    expect(idempotencyKeyFrom(undefined)).toBeNull();
  });

  it.each([
    ['a UUID', '0f8fad5b-d9cb-469f-a165-70867728950e'],
    ['one character', 'k'],
    ['spaces inside', 'retry of draft 17'],
    [
      'every visible ASCII character but the comma',
      Array.from({ length: 94 }, (_, i) => String.fromCharCode(0x21 + i))
        .filter((character) => character !== ',')
        .join(''),
    ],
    ['exactly the longest allowed', 'k'.repeat(MAX_IDEMPOTENCY_KEY_LENGTH)],
  ])('takes %s as it is', (_, key) => {
    expect(idempotencyKeyFrom(key)).toBe(key);
  });

  it.each([
    ['empty', '', /must not be empty/],
    ['one character too long', 'k'.repeat(MAX_IDEMPOTENCY_KEY_LENGTH + 1), /at most 255 characters/],
    ['a tab inside', 'draft\t17', /printable ASCII/],
    ['a control character', 'draft\u000117', /printable ASCII/],
    ['a non-ASCII letter', 'brouillon-é', /printable ASCII/],
    ['a leading space', ' draft-17', /printable ASCII/],
    ['sent twice', ['a', 'b'], /sent once/],
    ['sent twice and joined by Node', 'a, b', /sent once/],
  ])('refuses a key that is %s with 400 naming the header', (_, header, fault) => {
    const { problemDetails } = refusal(header);
    expect(problemDetails).toMatchObject({ status: 400, type: 'https://copydesk.dev/problems/invalid-idempotency-key' });
    expect(problemDetails.errors).toEqual([{ field: 'Idempotency-Key', messages: [expect.stringMatching(fault)] }]);
  });
});
