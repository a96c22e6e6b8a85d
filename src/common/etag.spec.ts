import { formatEtag, refuseIfMatchOnCreate, versionFromIfMatch } from './etag';
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

  it.each(['*', ' * ', ['*']])('given %j, asks for any current version', (header) => {
    expect(versionFromIfMatch(header)).toBe('*');
  });

  it.each([
    ['a weak ETag of a version', 'W/"3"', /weak tag/],
    ['a weak ETag of anything', 'W/"abc"', /weak tag/],
    ['version 0', '"0"', /not the ETag of any version/],
    ['a leading zero', '"03"', /not the ETag of any version/],
    ['a negative version', '"-1"', /not the ETag of any version/],
    ['a fraction', '"1.5"', /not the ETag of any version/],
    ['a non-numeric ETag', '"abc"', /not the ETag of any version/],
    ['an empty ETag', '""', /not the ETag of any version/],
    ['a version of ten digits', '"1234567890"', /not the ETag of any version/],
    ['a byte above 0x7F', '"3\u00e9"', /not the ETag of any version/],
  ])('given %s (%j), which no version matches strongly, answers 412 naming If-Match', (_what, header, detail) => {
    const exception = problemFrom(() => versionFromIfMatch(header));
    expect(exception.getStatus()).toBe(412);
    expect(exception.problemDetails).toMatchObject({
      title: 'Precondition Failed',
      detail: expect.stringMatching(detail),
      errors: [{ field: 'If-Match', messages: ['matches no version of the article'] }],
    });
  });

  it.each([
    ['an unquoted version', '3'],
    ['an unclosed quote', '"3'],
    ['a space inside the quotes', '" 3"'],
    ['something after the tag', '"3" x'],
    ['two ETags', '"1", "2"'],
    ['two ETags as separate headers', ['"1"', '"2"']],
    ['a wildcard among tags', '*, "1"'],
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

describe('refuseIfMatchOnCreate', () => {
  it('lets a create without If-Match through', () => {
    expect(() => refuseIfMatchOnCreate(undefined)).not.toThrow();
  });

  it.each(['*', '"1"', 'W/"1"', 'junk'])('answers %j with 412: a new article has no version to match', (header) => {
    const exception = problemFrom(() => refuseIfMatchOnCreate(header));
    expect(exception.getStatus()).toBe(412);
    expect(exception.problemDetails.errors).toEqual([{ field: 'If-Match', messages: [expect.any(String)] }]);
  });
});
