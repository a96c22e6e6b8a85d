import { readFileSync } from 'node:fs';

/** The requests that recreate the fixture article over the API: the draft, then its sources. */
export interface SeedArticle {
  readonly draft: {
    headline: string;
    section: string;
    language: string;
    tags: string[];
    authors: { name: string; bio: string }[];
    leadImage: { url: string; caption: string; credit: string; alt: string };
    body: ({ type: 'paragraph'; text: string } | { type: 'heading'; text: string; level: number })[];
    relatedLinks: { title: string; url: string }[];
  };
  readonly sources: { name: string; role: 'contributed' | 'cited' | 'image' }[];
  /** The lines the published article must render from structured data, as they stand in the fixture. */
  readonly expected: { attributionLine: string; imageCreditLine: string };
}

/*
 * The fixture is the article as a reader copied it (see test/fixtures): tagline, headline, byline,
 * bio, date, caption, caption with its credit, then body paragraphs with short subheadings, an
 * empty "READ MORE:" block and the attribution line. The image URL was lost with the copy, so the
 * demo points at a placeholder on example.org.
 */
const LEAD_IMAGE_URL = 'https://example.org/images/xi-jinping-lukashenko-beijing-2023.jpg';
const HEADING_MAX_WORDS = 8;

export function parseSeedArticle(text: string): SeedArticle {
  const lines = text.split(/\r?\n/).map((line) => line.trim());
  const [, headline, author, bio, , caption, captionWithCredit, ...rest] = lines.filter((line) => line !== '');
  const credit = /\(Image: (.+)\)$/.exec(captionWithCredit)?.[1];
  if (!credit || !captionWithCredit.startsWith(caption)) throw new Error('the fixture has no lead image credit where expected');

  const paragraphs = rest.filter((line) => line !== 'READ MORE:');
  const attributionLine = paragraphs.pop()!;
  const contributor = /^(.+) contributed to this article\.$/.exec(attributionLine)?.[1];
  if (!contributor) throw new Error('the fixture does not end with its attribution line');
  const cited = paragraphs.map((paragraph) => /^According to ([^,]+),/.exec(paragraph)?.[1]).find(Boolean);

  return {
    draft: {
      headline,
      section: 'World',
      language: 'en',
      tags: ['Belarus', 'China', 'Ukraine'],
      authors: [{ name: author, bio }],
      leadImage: { url: LEAD_IMAGE_URL, caption, credit, alt: caption },
      body: paragraphs.map((paragraph) =>
        isSubheading(paragraph) ? { type: 'heading', text: paragraph, level: 2 } : { type: 'paragraph', text: paragraph },
      ),
      relatedLinks: [],
    },
    sources: [
      { name: contributor, role: 'contributed' },
      ...(cited ? [{ name: cited, role: 'cited' as const }] : []),
      { name: credit.replace(/^Video still /, ''), role: 'image' },
    ],
    expected: { attributionLine, imageCreditLine: `(Image: ${credit})` },
  };
}

/** Subheadings are short lines that are not quotations ("Mutual stance on Ukraine"). */
function isSubheading(paragraph: string): boolean {
  return paragraph.split(/\s+/).length <= HEADING_MAX_WORDS && !/^[“"‘']/.test(paragraph);
}

export function loadSeedArticle(path: string): SeedArticle {
  return parseSeedArticle(readFileSync(path, 'utf8'));
}
