import { ProblemException } from './problem.exception';

/** Versions travel as strong ETags: `"7"`. */
export const formatEtag = (version: number): string => `"${version}"`;

/**
 * The version a write was based on, from If-Match. Missing → 428 (the client must say what it
 * read), anything but one version → 400.
 */
export function versionFromIfMatch(header: string | string[] | undefined): number {
  if (header === undefined || (Array.isArray(header) ? header.join('') : header).trim() === '') {
    throw ProblemException.of(428, 'this write needs an If-Match header with the ETag of the version you edited', {
      type: 'https://copydesk.dev/problems/if-match-required',
    });
  }
  const value = Array.isArray(header) ? header.join(',') : header;
  // Exactly as formatEtag writes it: "05" is not the ETag of version 5, so it names no version.
  const match = /^\s*"([1-9]\d{0,8})"\s*$/.exec(value);
  if (!match) {
    throw ProblemException.of(400, `If-Match must be one version's ETag, such as "3"; got ${value}`, {
      errors: [{ field: 'If-Match', messages: ['must be a single strong ETag such as "3"'] }],
    });
  }
  return Number(match[1]);
}
