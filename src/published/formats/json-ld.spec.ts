import { newsArticleJsonLd } from './json-ld';
import { arabicArticle, everyArticle, generatedArticle, plainArticle, publication, seed, seedArticle } from './testing/articles';
import { expandJsonLd, unknownSchemaOrgTerms } from './testing/validators';

const SCHEMA = 'http://schema.org/';
type Expanded = Record<string, { '@value'?: string; '@id'?: string; '@type'?: string[] }[] | string[]>;

/** The values of a schema.org property in an expanded node: literals, or IRIs for the properties typed @id (url). */
const values = (node: Expanded, property: string) =>
  ((node[`${SCHEMA}${property}`] ?? []) as { '@value'?: string; '@id'?: string }[]).map(
    (value) => value['@value'] ?? value['@id'],
  );
const nodes = (node: Expanded, property: string) => (node[`${SCHEMA}${property}`] ?? []) as unknown as Expanded[];
const ISO_8601_WITH_ZONE = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d+)?(Z|[+-]\d{2}:\d{2})$/;

describe('schema.org JSON-LD', () => {
  describe.each(everyArticle())('given %s', (_name, article) => {
    const document = newsArticleJsonLd(article, publication);

    it('uses only terms and types schema.org defines', () => {
      expect(unknownSchemaOrgTerms(document)).toEqual([]);
    });

    it('expands with the schema.org context (safe mode: nothing dropped silently)', async () => {
      const [expanded] = (await expandJsonLd(document)) as Expanded[];
      expect(expanded['@type']).toEqual([`${SCHEMA}NewsArticle`]);
      expect(values(expanded, 'headline')).toEqual([article.headline]);
    });

    it('has what Google’s Article guidance reads: headline, dates with a zone, authors with name, publisher with logo', async () => {
      const [expanded] = (await expandJsonLd(document)) as Expanded[];
      expect(values(expanded, 'headline')[0]!.length).toBeGreaterThan(0);
      for (const date of [...values(expanded, 'datePublished'), ...values(expanded, 'dateModified')]) {
        expect(date).toMatch(ISO_8601_WITH_ZONE);
      }
      expect(values(expanded, 'datePublished')).toEqual([article.firstPublishedAt]);
      expect(values(expanded, 'dateModified')).toEqual([article.updatedAt]);
      const authors = nodes(expanded, 'author');
      expect(authors.map((author) => author['@type'])).toEqual(article.authors.map(() => [`${SCHEMA}Person`]));
      expect(authors.map((author) => values(author, 'name')[0])).toEqual(article.authors.map((author) => author.name));
      const [publisher] = nodes(expanded, 'publisher');
      expect(publisher['@type']).toEqual([`${SCHEMA}Organization`]);
      expect(values(publisher, 'name')).toEqual(['The Example Times']);
      expect(values(nodes(publisher, 'logo')[0], 'url')).toEqual(['https://news.example.org/logo.png']);
      if (article.leadImage) expect(values(nodes(expanded, 'image')[0], 'url')).toEqual([article.leadImage.url]);
    });
  });

  it('the validators refuse what schema.org does not define', async () => {
    const document = newsArticleJsonLd(seedArticle(), publication);
    expect(unknownSchemaOrgTerms({ ...document, headlines: ['x'], author: [{ '@type': 'Writer', name: 'x' }] })).toEqual([
      'Writer',
      'headlines',
    ]);
    // An identifier no base resolves would be dropped from the graph without a word: safe mode refuses it.
    await expect(expandJsonLd({ ...document, '@id': 'article-without-base' })).rejects.toThrow(/Safe mode/);
  });

  describe('given the seed article', () => {
    const document = newsArticleJsonLd(seedArticle(), publication);

    it('carries every part of the seed that JSON-LD has a place for', () => {
      expect(document).toMatchObject({
        '@type': 'NewsArticle',
        url: 'https://news.example.org/world/russias-ally-belarus-cozies-up-to-china',
        mainEntityOfPage: { '@type': 'WebPage', '@id': 'https://news.example.org/world/russias-ally-belarus-cozies-up-to-china' },
        headline: 'Russia’s Ally Belarus Cozies Up to China',
        datePublished: '2023-03-05T09:00:00.000Z',
        author: [{ '@type': 'Person', name: 'Victor Westerkamp', description: seed.draft.authors[0].bio }],
        image: [
          {
            '@type': 'ImageObject',
            url: seed.draft.leadImage.url,
            caption: seed.draft.leadImage.caption,
            creditText: 'Video still CCTV/Thomson Reuters',
          },
        ],
        publisher: { '@type': 'Organization', name: 'The Example Times', slogan: 'Truth, Inspiration, Hope.' },
        articleSection: 'World',
        keywords: ['Belarus', 'China', 'Ukraine'],
        inLanguage: 'en',
        contributor: [{ '@type': 'Organization', name: 'Reuters' }],
        citation: [{ '@type': 'CreativeWork', name: 'Xinhua News' }],
        creditText: 'Reuters contributed to this article.',
      });
      const body = document.articleBody as string;
      expect(body).toContain('Promise to hush up about human rights.');
      expect(body).toContain('Mutual stance on Ukraine');
      for (const block of seed.draft.body) expect(body).toContain(block.text);
      expect(document).not.toHaveProperty('correction');
    });
  });

  describe('given an article with every part', () => {
    const document = newsArticleJsonLd(generatedArticle(), publication);

    it('lists each correction as a CorrectionComment with its text and date', async () => {
      expect(document.correction).toEqual([
        {
          '@type': 'CorrectionComment',
          text: 'An earlier version misdated the visit.',
          datePublished: '2026-03-06T08:15:00.000Z',
        },
      ]);
      const [expanded] = (await expandJsonLd(document)) as Expanded[];
      const [correction] = nodes(expanded, 'correction');
      expect(correction['@type']).toEqual([`${SCHEMA}CorrectionComment`]);
      expect(values(correction, 'text')).toEqual(['An earlier version misdated the visit.']);
    });

    it('names the contributing and wire agencies as contributor Organizations and the attribution line as creditText', () => {
      expect(document.contributor).toEqual([
        { '@type': 'Organization', name: 'Reuters', url: 'https://www.reuters.com' },
        { '@type': 'Organization', name: 'AP' },
        { '@type': 'Organization', name: 'AFP' },
      ]);
      expect(document.creditText).toBe(
        'This article is based on wire copy from AFP. Reuters and AP contributed to this article.',
      );
    });

    it('gives authors their url and bio, and the page its READ MORE links', () => {
      expect(document.author).toEqual([
        {
          '@type': 'Person',
          name: 'Victor Westerkamp',
          url: 'https://news.example.org/authors/victor',
          description: 'Victor writes about freedom & democracy.',
        },
        { '@type': 'Person', name: 'Jane Roe' },
        { '@type': 'Person', name: 'Li Wei', url: 'https://news.example.org/authors/li-wei' },
      ]);
      expect(document.mainEntityOfPage).toEqual({
        '@type': 'WebPage',
        '@id': 'https://news.example.org/middle-east/belarus-china-partnership',
        relatedLink: [
          'https://news.example.org/world/timeline',
          'https://news.example.org/explainers/belt-and-road?ref=read-more&x=1',
        ],
      });
      expect(document.description).toBe(generatedArticle().standfirst);
      expect(document.dateModified).toBe('2026-03-06T08:15:00.000Z');
    });

    it('keeps quotes with their speakers and body text without markup', () => {
      const body = document.articleBody as string;
      expect(body).toContain('There are no off-limits topics. — Alexander Lukashenko');
      expect(body).toContain('Talks in Beijing ran late & long.');
      expect(body).not.toContain('<');
    });
  });

  it('given no lead image, has no image and no contributor', () => {
    const document = newsArticleJsonLd(plainArticle(), publication);
    expect(document).not.toHaveProperty('image');
    expect(document).not.toHaveProperty('contributor');
    expect(document).not.toHaveProperty('creditText');
  });

  it('given an Arabic article, says its language and keeps its text', () => {
    const document = newsArticleJsonLd(arabicArticle(), publication);
    expect(document).toMatchObject({ inLanguage: 'ar', headline: 'بيلاروسيا تتقارب مع الصين', articleSection: 'العالم' });
    expect(document.url).toBe(`https://news.example.org/${encodeURIComponent('العالم')}/belarus-china-ar`);
  });
});
