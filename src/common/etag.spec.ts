import { formatEtag, versionFromIfMatch } from './etag';
import { ProblemException } from './problem.exception';

/** The ProblemException thrown by `act`, failing the test if nothing (or something else) was thrown. */
function problemFrom(act: () => unknown): ProblemException {
  try {
    act();
  } catch (error) {
    expect(error).toBeInstanceOf(ProblemException);
    return error as ProblemException;
  }
  throw new Error('expected a ProblemException, but nothing was thrown');
}

describe('formatEtag', () => {
  it('quotes the version as a strong ETag', () => {
    expect(formatEtag(7)).toBe('"7"');
  });

  it('is read back by versionFromIfMatch', () => {
    expect(versionFromIfMatch(formatEtag(123456789))).toBe(123456789);
  });
});

describe('versionFromIfMatch', () => {
  it.each([
    ['"3"', 3],
    ['  "3"  ', 3],
    ['"42"', 42],
    [['"3"'], 3],
  ])('given %j, reads version %d', (header, version) => {
    expect(versionFromIfMatch(header)).toBe(version);
  });

  it.each([[undefined], [''], ['   '], [[]]])('given %j, asks for the header with 428 Precondition Required', (header) => {
    const { problemDetails } = problemFrom(() => versionFromIfMatch(header));
    expect(problemDetails).toMatchObject({
      status: 428,
      title: 'Precondition Required',
      type: 'https://copydesk.dev/problems/if-match-required',
    });
    expect(problemFrom(() => versionFromIfMatch(header)).getStatus()).toBe(428);
  });

  it.each([
    ['a wildcard', '*'],
    ['a weak ETag', 'W/"3"'],
    ['version 0', '"0"'],
    ['a negative version', '"-1"'],
    ['a fraction', '"1.5"'],
    ['a non-numeric ETag', '"abc"'],
    ['an unquoted version', '3'],
    ['an empty ETag', '""'],
    ['a version of ten digits', '"1234567890"'],
    ['two ETags', '"1", "2"'],
    ['two ETags as separate headers', ['"1"', '"2"']],
  ])('given %s (%j), refuses it with 400 naming If-Match', (_what, header) => {
    const exception = problemFrom(() => versionFromIfMatch(header));
    expect(exception.getStatus()).toBe(400);
    expect(exception.problemDetails).toMatchObject({
      status: 400,
      title: 'Bad Request',
      errors: [{ field: 'If-Match', messages: [expect.stringMatching(/single strong ETag/)] }],
    });
    expect(exception.problemDetails.detail).toContain('If-Match');
  });
});
