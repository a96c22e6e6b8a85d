import { join } from 'node:path';
import type { ArticleDocument, Block, Source } from '../../../articles/domain/article.types';
import type { PublicationConfig } from '../../../config/app-config';
import { loadSeedArticle, type SeedArticle } from '../../../demo/seed-article';
import { publishedArticle, type Publication, type PublishedArticle } from '../../published-article';

/** The masthead the formatter specs publish under. */
export const publication: PublicationConfig = {
  baseUrl: 'https://news.example.org',
  name: 'The Example Times',
  logoUrl: 'https://news.example.org/logo.png',
  tagline: 'Truth, Inspiration, Hope.',
  copyrightNotice: '© The Example Times. All rights reserved.',
  language: 'en',
  articleUrlPattern: '{base}/{section}/{slug}',
  feedLength: 50,
};

export const seed: SeedArticle = loadSeedArticle(join(__dirname, '..', '..', '..', '..', 'test', 'fixtures', 'seed-article.txt'));

/** The seed article as the projection stores it after its first publication, on the day it went out. */
export function seedArticle(): PublishedArticle {
  const body = seed.draft.body.map((block, index) => ({ ...block, id: `seed-${index + 1}` }) as Block);
  const document: ArticleDocument = {
    content: {
      ...seed.draft,
      standfirst: null,
      slug: 'russias-ally-belarus-cozies-up-to-china',
      body,
    },
    sources: seed.sources.map((source, index) => ({ ...source, id: `source-${index + 1}` })),
  };
  return publishedArticle('5f0c2a8e-3b7d-4c1e-9a6f-2d8e4b1c7a90', document, [{ kind: 'first', at: '2023-03-05T09:00:00.000Z' }]);
}

const SOURCES: Source[] = [
  { id: 's1', name: 'Reuters', role: 'contributed', url: 'https://www.reuters.com' },
  { id: 's2', name: 'AP', role: 'contributed' },
  { id: 's3', name: 'Xinhua News', role: 'cited', url: 'https://english.news.cn', note: 'desk only: checked by phone' },
  { id: 's4', name: 'AFP', role: 'wire' },
  { id: 's5', name: 'CCTV/Thomson Reuters', role: 'image' },
];

/**
 * An article with every part a format must carry: every block kind (markup and entities in the
 * text), several authors (with and without bio and url), several contributing agencies, a cited
 * source, a wire source, an image credit, READ MORE links, an update and a correction.
 */
export function generatedArticle(
  changes: { content?: Partial<ArticleDocument['content']>; sources?: Source[]; publications?: Publication[]; id?: string } = {},
): PublishedArticle {
  const body: Block[] = [
    {
      id: 'p1',
      type: 'paragraph',
      text: 'Talks in <a href="https://example.org/beijing">Beijing</a> ran <em>late</em> &amp; long.',
    },
    { id: 'h1', type: 'heading', text: 'What was agreed', level: 2 },
    { id: 'q1', type: 'quote', text: 'There are no off-limits topics.', speaker: 'Alexander Lukashenko' },
    { id: 'q2', type: 'quote', text: 'An unattributed line.' },
    {
      id: 'i1',
      type: 'image',
      url: 'https://cdn.example.org/images/park.jpg',
      caption: 'The China-Belarus Industrial Park near Minsk.',
      credit: 'Photo: Jane Doe/AP',
      alt: 'Factory halls under snow',
    },
    { id: 'i2', type: 'image', url: 'https://cdn.example.org/images/map.png', alt: 'A map of the Belt and Road' },
    { id: 'r1', type: 'related', title: 'Xi meets Lukashenko', url: 'https://news.example.org/world/xi-meets-lukashenko' },
    { id: 'p2', type: 'paragraph', text: 'The visit ended on <strong>March 2</strong>.' },
  ];
  const document: ArticleDocument = {
    content: {
      headline: 'Belarus & China sign “all-weather” <partnership>',
      standfirst: 'Lukashenko promised support on Taiwan & Hong Kong in exchange for economic aid.',
      slug: 'belarus-china-partnership',
      section: 'Middle East',
      tags: ['Belarus', 'China'],
      language: 'en-GB',
      authors: [
        {
          name: 'Victor Westerkamp',
          bio: 'Victor writes about freedom & democracy.',
          url: 'https://news.example.org/authors/victor',
        },
        { name: 'Jane Roe' },
        { name: 'Li Wei', url: 'https://news.example.org/authors/li-wei' },
      ],
      body,
      leadImage: {
        url: 'https://cdn.example.org/images/lead.jpg',
        caption: 'Xi Jinping (left) and Alexander Lukashenko in Beijing.',
        credit: 'Video still CCTV/Thomson Reuters',
        alt: 'Two presidents shaking hands',
      },
      relatedLinks: [
        { title: 'Belarus and Russia: a timeline', url: 'https://news.example.org/world/timeline' },
        { title: 'What the Belt and Road means', url: 'https://news.example.org/explainers/belt-and-road?ref=read-more&x=1' },
      ],
      ...changes.content,
    },
    sources: changes.sources ?? SOURCES,
  };
  return publishedArticle(
    changes.id ?? '0b7e3f52-8c1d-4e5a-9f2b-6a4d8c3e1f70',
    document,
    changes.publications ?? [
      { kind: 'first', at: '2026-03-05T09:00:00.000Z' },
      { kind: 'update', at: '2026-03-05T11:30:00.000Z' },
      { kind: 'correction', at: '2026-03-06T08:15:00.000Z', note: 'An earlier version misdated the visit.' },
    ],
  );
}

/** No lead image, no standfirst, no sources, one author, published once. */
export function plainArticle(): PublishedArticle {
  return generatedArticle({
    id: '9d2c4b6a-1e3f-4a5b-8c7d-0e1f2a3b4c5d',
    content: { leadImage: null, standfirst: null, relatedLinks: [], authors: [{ name: 'Jane Roe' }] },
    sources: [],
    publications: [{ kind: 'first', at: '2026-03-04T10:00:00.000Z' }],
  });
}

/** Right to left: an Arabic article. */
export function arabicArticle(): PublishedArticle {
  return generatedArticle({
    id: '4a1b2c3d-5e6f-4a7b-8c9d-0e1f2a3b4c5e',
    content: {
      headline: 'بيلاروسيا تتقارب مع الصين',
      standfirst: 'وعد لوكاشينكو بدعم الصين في قضايا حساسة.',
      slug: 'belarus-china-ar',
      section: 'العالم',
      tags: ['بيلاروسيا', 'الصين'],
      language: 'ar',
      authors: [{ name: 'فيكتور فيستركامب', bio: 'يكتب فيكتور عن الحرية.' }],
      body: [
        { id: 'a1', type: 'paragraph', text: 'خلال زيارة دولة استمرت ثلاثة أيام إلى بكين.' },
        { id: 'a2', type: 'heading', text: 'موقف مشترك من أوكرانيا', level: 2 },
        { id: 'a3', type: 'quote', text: 'لا توجد مواضيع محظورة.', speaker: 'ألكسندر لوكاشينكو' },
      ],
      relatedLinks: [],
    },
    sources: [{ id: 'x', name: 'رويترز', role: 'contributed' }],
  });
}

/** Every generated kind of article, for the specs that check each format validates whatever it is given. */
export const everyArticle = (): [string, PublishedArticle][] => [
  ['the seed article', seedArticle()],
  ['an article with every part', generatedArticle()],
  ['an article with no lead image, standfirst or sources', plainArticle()],
  ['an Arabic (right-to-left) article', arabicArticle()],
];
