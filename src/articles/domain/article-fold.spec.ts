import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { ARTICLE_FOLD_VERSION } from './article.state';

/**
 * Stored snapshots are trusted only by the fold version that made them. This pins the fold's source
 * to that version: change any of these files and this fails until ARTICLE_FOLD_VERSION changes too
 * (which retires every stored snapshot) and the fingerprint below is updated.
 */
const FOLD_SOURCES = [
  'article.state.ts',
  'article-document.ts',
  'article-status.ts',
  'body-operations.ts',
  'article.events.ts',
  'article-event-schema.ts',
  'article-event-shape.ts',
  'article-content.rules.ts',
];
/** Each fold version with the fingerprint of its sources; a new fingerprint needs a new version, never an edit of an old line. */
const FOLD_VERSIONS: Readonly<Record<string, string>> = {
  'article-fold-1': 'ccfd002ee0184cd96448873df00c5c5a237587a6f2a927061c2d9c322d9b01a3',
};

it('the fold version changes whenever the fold does', () => {
  const hash = createHash('sha256');
  for (const file of FOLD_SOURCES) {
    // The version line itself is left out, so that bumping it is all a change of fold needs.
    hash.update(readFileSync(join(__dirname, file), 'utf8').replace(/^export const ARTICLE_FOLD_VERSION = .*$/m, ''));
  }
  const fingerprint = hash.digest('hex');
  const knownAs = Object.entries(FOLD_VERSIONS).find(([, known]) => known === fingerprint)?.[0];
  // Fails with the new fingerprint in view: add it under a new ARTICLE_FOLD_VERSION.
  expect({ foldVersion: ARTICLE_FOLD_VERSION, fingerprint }).toEqual({ foldVersion: knownAs, fingerprint });
  expect(Object.keys(FOLD_VERSIONS).at(-1)).toBe(ARTICLE_FOLD_VERSION);
});
