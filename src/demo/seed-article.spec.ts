import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { loadSeedArticle, parseSeedArticle } from './seed-article';

const FIXTURE = join(__dirname, '../../test/fixtures/seed-article.txt');
const CAPTION =
  'Chinese President Xi Jinping (left) looks on while Belarus President Alexander Lukashenko (center) checks on a delegation ' +
  'of high-ranking Chinese officials during his visit to Beijing on Mar. 1, 2023.';

describe('the seed article', () => {
  const article = loadSeedArticle(FIXTURE);
  const { draft } = article;
  const texts = draft.body.map((block) => block.text);

  it('reads the headline and the author with their bio', () => {
    expect(draft.headline).toBe('Russia’s Ally Belarus Cozies Up to China');
    expect(draft.authors).toEqual([
      {
        name: 'Victor Westerkamp',
        bio: 'Victor resides in the Netherlands and writes about freedom and governmental and social changes to the democratic form of nations.',
      },
    ]);
  });

  it('reads the lead image caption and, from the caption repeated with it, the credit', () => {
    expect(draft.leadImage).toEqual({
      url: expect.stringMatching(/^https:\/\//),
      caption: CAPTION,
      credit: 'Video still CCTV/Thomson Reuters',
      alt: CAPTION,
    });
  });

  it('files the article under World, in English', () => {
    expect(draft).toMatchObject({ section: 'World', language: 'en', relatedLinks: [] });
  });

  it('has 22 body blocks, of which exactly two are the subheadings', () => {
    expect(draft.body).toHaveLength(22);
    expect(draft.body.filter((block) => block.type === 'heading')).toEqual([
      { type: 'heading', text: 'Promise to hush up about human rights.', level: 2 },
      { type: 'heading', text: 'Mutual stance on Ukraine', level: 2 },
    ]);
  });

  it('keeps the paragraphs in order, from the first to the last', () => {
    expect(draft.body[0]).toEqual({
      type: 'paragraph',
      text:
        'During a three-day state visit to Beijing, Belarusian President Lukashenko promised to support China on a few crucial ' +
        'points like human rights, Taiwan, and Hong Kong in exchange for economic aid.',
    });
    expect(draft.body.at(-1)).toEqual({
      type: 'paragraph',
      text:
        'However, the Belarusian president has repeatedly reiterated that he will not allow his country to be drawn into the ' +
        'conflict unless in a direct threat from abroad scenario.',
    });
  });

  it('keeps quotations as paragraphs, with their typographic quotes, and trims trailing no-break spaces', () => {
    expect(draft.body[4]).toMatchObject({ type: 'paragraph', text: expect.stringMatching(/^“There are no off-limits topics/) });
    expect(texts).toContain(
      'Both leaders also vowed to cooperate on a global strategic scale and support each other’s choice of development path.',
    );
    expect(texts.filter((text) => text !== text.trim())).toEqual([]);
  });

  it.each(['contributed to this article', '(Image:', 'READ MORE', 'Truth, Inspiration, Hope.', 'Published:'])(
    'leaves %j out of the body',
    (fragment) => {
      expect(texts.filter((text) => text.includes(fragment))).toEqual([]);
    },
  );

  it('names its sources: the contributor, the cited agency and the image credit', () => {
    expect(article.sources).toEqual([
      { name: 'Reuters', role: 'contributed' },
      { name: 'Xinhua News', role: 'cited' },
      { name: 'CCTV/Thomson Reuters', role: 'image' },
    ]);
  });

  it('expects the lines the fixture shows', () => {
    expect(article.expected).toEqual({
      attributionLine: 'Reuters contributed to this article.',
      imageCreditLine: '(Image: Video still CCTV/Thomson Reuters)',
    });
  });

  describe('given a text that is not shaped like the fixture', () => {
    const fixture = readFileSync(FIXTURE, 'utf8');

    it('parses the same text with Windows line endings alike', () => {
      expect(parseSeedArticle(fixture.replace(/\n/g, '\r\n'))).toEqual(article);
    });

    it('refuses a text without the attribution line', () => {
      const text = fixture.replace('Reuters contributed to this article.', '');
      expect(text).not.toBe(fixture);
      expect(() => parseSeedArticle(text)).toThrow(/does not end with its attribution line/);
    });

    it('refuses a text without the image credit', () => {
      const text = fixture.replace(' (Image: Video still CCTV/Thomson Reuters)', '');
      expect(text).not.toBe(fixture);
      expect(() => parseSeedArticle(text)).toThrow(/no lead image credit/);
    });
  });
});
