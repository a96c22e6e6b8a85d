import { ProblemException } from './problem.exception';

/** Versions travel as strong ETags: `"7"`. */
export const formatEtag = (version: number): string => `"${version}"`;

/** `If-Match: *`: any current version will do, as long as there is one. */
export const ANY_CURRENT_VERSION = '*';
export type IfMatchCondition = number | typeof ANY_CURRENT_VERSION;

/** RFC 9110 §8.8.3: an entity-tag, weak or strong; obs-text is how Node hands over bytes above 0x7F. */
const ENTITY_TAG = /^(W\/)?"[\x21\x23-\x7e\x80-\xff]*"$/;

/**
 * What a write's If-Match asks for: the version it was based on, or `*`. Missing → 428 (the client
 * must say what it read). A well-formed entity-tag that no version can match strongly → 412 (RFC
 * 9110 §13.1.1: a weak tag never matches, and "05" or "abc" is not the ETag of any version). Anything
 * else, a list of tags included, → 400: a write is based on one version.
 */
export function versionFromIfMatch(header: string | string[] | undefined): IfMatchCondition {
  if (header === undefined || (Array.isArray(header) ? header.join('') : header).trim() === '') {
    throw ProblemException.of(428, 'this write needs an If-Match header with the ETag of the version you edited', {
      type: 'https://copydesk.dev/problems/if-match-required',
    });
  }
  const value = (Array.isArray(header) ? header.join(',') : header).trim();
  if (value === ANY_CURRENT_VERSION) return ANY_CURRENT_VERSION;
  // Exactly as formatEtag writes it: "05" is not the ETag of version 5, so it names no version.
  const match = /^"([1-9]\d{0,8})"$/.exec(value);
  if (match) return Number(match[1]);
  if (ENTITY_TAG.test(value)) {
    throw ProblemException.of(
      412,
      value.startsWith('W/')
        ? `If-Match ${value} is a weak tag, and If-Match compares tags strongly (RFC 9110 §13.1.1), so it matches no version; send the ETag as it was given, such as "3"`
        : `If-Match ${value} is not the ETag of any version; versions are tagged "1", "2", …`,
      { errors: [{ field: 'If-Match', messages: ['matches no version of the article'] }] },
    );
  }
  throw ProblemException.of(400, `If-Match must be one version's ETag, such as "3", or *; got ${value}`, {
    errors: [{ field: 'If-Match', messages: ['must be a single strong ETag such as "3", or *'] }],
  });
}

/** A write that creates a new article: nothing exists yet for If-Match to match, whatever it says. */
export function refuseIfMatchOnCreate(header: string | string[] | undefined): void {
  if (header === undefined) return;
  throw ProblemException.of(412, 'If-Match asks for a current version, and a new article has none; create without If-Match', {
    errors: [{ field: 'If-Match', messages: ['must not be sent when creating an article'] }],
  });
}
