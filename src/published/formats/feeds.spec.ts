import { parseAtomFeed, parseJsonFeed, parseRssFeed } from 'feedsmith';
import { articleFeed, feedUrl, type FeedSelection } from './feeds';
import { arabicArticle, everyArticle, generatedArticle, plainArticle, publication, seed, seedArticle } from './testing/articles';
import { xmllint } from './testing/validators';

const FULL: FeedSelection = { content: 'full' };
const SUMMARY: FeedSelection = { content: 'summary' };
const UPDATED = new Date('2026-03-07T10:00:00.000Z');
/** Newest first, as the reader lists them. */
const articles = () => [generatedArticle(), plainArticle(), arabicArticle(), seedArticle()];
const uri = (id: string) => `https://news.example.org/articles/${id}`;

describe('feeds', () => {
  describe.each([
    ['full content', FULL],
    ['summaries', SUMMARY],
    ['one section and tag', { section: 'Middle East', tag: 'Belarus', content: 'full' } as FeedSelection],
  ])('with %s', (_name, selection) => {
    it('Atom is valid by RFC 4287’s RELAX NG schema (xmllint) and parses', () => {
      const atom = articleFeed('atom', articles(), UPDATED, selection, publication);
      expect(xmllint(atom, 'atom')).toEqual([]);
      expect(parseAtomFeed(atom).entries).toHaveLength(4);
    });

    it('RSS 2.0 parses', () => {
      expect(parseRssFeed(articleFeed('rss', articles(), UPDATED, selection, publication)).items).toHaveLength(4);
    });

    it('JSON Feed 1.1 parses', () => {
      const json = JSON.parse(articleFeed('json', articles(), UPDATED, selection, publication));
      expect(json.version).toBe('https://jsonfeed.org/version/1.1');
      expect(parseJsonFeed(json).items).toHaveLength(4);
    });
  });

  it('the Atom validator refuses an entry without an id', () => {
    const atom = articleFeed('atom', [seedArticle()], UPDATED, FULL, publication);
    expect(xmllint(atom.replace(/<id>https:\/\/news\.example\.org\/articles\/[^<]*<\/id>/, ''), 'atom')).not.toEqual([]);
  });

  it('an empty feed is still valid, updated when the list last changed', () => {
    const atom = articleFeed('atom', [], UPDATED, FULL, publication);
    expect(xmllint(atom, 'atom')).toEqual([]);
    expect(parseAtomFeed(atom).updated).toBe(UPDATED.toISOString());
    expect(parseRssFeed(articleFeed('rss', [], UPDATED, FULL, publication)).items ?? []).toEqual([]);
  });

  describe('Atom', () => {
    const feed = parseAtomFeed(articleFeed('atom', articles(), UPDATED, FULL, publication));
    const [generated, , , seedEntry] = feed.entries!;

    it('describes the publication: title, tagline, logo, rights, self link and when it last changed', () => {
      expect(feed).toMatchObject({
        id: 'https://news.example.org/feeds/atom',
        title: { value: 'The Example Times' },
        subtitle: { value: 'Truth, Inspiration, Hope.' },
        logo: 'https://news.example.org/logo.png',
        rights: { value: '© The Example Times. All rights reserved.' },
        updated: UPDATED.toISOString(),
      });
      expect(feed.links).toEqual(expect.arrayContaining([{ href: 'https://news.example.org/feeds/atom', rel: 'self' }]));
    });

    it('keeps the reader’s newest-first order, each entry with the article’s stable id', () => {
      expect(feed.entries!.map((entry) => entry.id)).toEqual(articles().map((article) => uri(article.id)));
    });

    it('gives each entry its title, link, published and updated times, authors, summary, content and categories', () => {
      expect(generated).toMatchObject({
        title: { value: 'Belarus &amp; China sign “all-weather” &lt;partnership&gt;' },
        links: [{ href: 'https://news.example.org/middle-east/belarus-china-partnership' }],
        published: '2026-03-05T09:00:00.000Z',
        updated: '2026-03-06T08:15:00.000Z',
        authors: [
          { name: 'Victor Westerkamp', uri: 'https://news.example.org/authors/victor' },
          { name: 'Jane Roe' },
          { name: 'Li Wei', uri: 'https://news.example.org/authors/li-wei' },
        ],
        categories: [
          { term: 'Middle East', label: 'Middle East' },
          { term: 'Belarus', label: 'Belarus' },
          { term: 'China', label: 'China' },
        ],
      });
      expect(generated.summary!.value).toBe(
        '<p>Lukashenko promised support on Taiwan &amp; Hong Kong in exchange for economic aid.</p>' +
          '<p>Correction (2026-03-06): An earlier version misdated the visit.</p>',
      );
    });

    it('shows the correction note in the content, and moves updated with each update or correction', () => {
      expect(generated.content!.value).toContain('Correction (2026-03-06): An earlier version misdated the visit.');
      const firstOnly = generatedArticle({ publications: [{ kind: 'first', at: '2026-03-05T09:00:00.000Z' }] });
      const entry = parseAtomFeed(articleFeed('atom', [firstOnly], UPDATED, FULL, publication)).entries![0];
      expect(entry.updated).toBe('2026-03-05T09:00:00.000Z');
      expect(entry.content!.value).not.toContain('Correction');
      expect(entry.id).toBe(generated.id);
    });

    it('carries every part of the seed: headline, byline, date, lead image with caption and credit, headings, quotes, attribution', () => {
      const content = seedEntry.content!.value!;
      expect(seedEntry).toMatchObject({
        title: { value: 'Russia’s Ally Belarus Cozies Up to China' },
        authors: [{ name: 'Victor Westerkamp' }],
        published: '2023-03-05T09:00:00.000Z',
      });
      expect(content).toContain(`<img src="${seed.draft.leadImage.url}"`);
      expect(content).toContain(
        `${seed.draft.leadImage.caption} <span class="credit">(Image: Video still CCTV/Thomson Reuters)</span>`,
      );
      expect(content).toContain('<h2>Promise to hush up about human rights.</h2>');
      expect(content).toContain('<h2>Mutual stance on Ukraine</h2>');
      expect(content).toContain('“We condemn the actions aimed at heightening tensions around Taiwan,” Lukashenko stated.');
      expect(content).toContain('<p class="attribution">Reuters contributed to this article.</p>');
      // The seed has no standfirst: its summary is the first paragraph.
      expect(seedEntry.summary!.value).toBe(`<p>${seed.draft.body[0].text}</p>`);
    });

    it('with summaries, leaves the body out', () => {
      const entries = parseAtomFeed(articleFeed('atom', articles(), UPDATED, SUMMARY, publication)).entries!;
      expect(entries.every((entry) => entry.content === undefined && entry.summary !== undefined)).toBe(true);
    });

    it('names the section and tag in the title and links of a filtered feed', () => {
      const filtered = parseAtomFeed(
        articleFeed('atom', [], UPDATED, { section: 'World', tag: 'China', content: 'full' }, publication),
      );
      expect(filtered.title).toEqual({ value: 'The Example Times · World · #China' });
      expect(filtered.id).toBe('https://news.example.org/feeds/atom?section=World&tag=China');
    });
  });

  describe('RSS 2.0', () => {
    const feed = parseRssFeed(articleFeed('rss', articles(), UPDATED, FULL, publication));
    const [generated, , , seedItem] = feed.items!;

    it('describes the channel', () => {
      expect(feed).toMatchObject({
        title: 'The Example Times',
        link: 'https://news.example.org/',
        description: 'Truth, Inspiration, Hope.',
        language: 'en',
        copyright: '© The Example Times. All rights reserved.',
        lastBuildDate: UPDATED.toUTCString(),
      });
    });

    it('gives each item a stable guid, title, link, first publication date, latest update, authors, categories and content', () => {
      expect(feed.items!.map((item) => item.guid)).toEqual(
        articles().map((article) => ({ value: uri(article.id), isPermaLink: false })),
      );
      expect(generated).toMatchObject({
        title: 'Belarus & China sign “all-weather” <partnership>',
        link: 'https://news.example.org/middle-east/belarus-china-partnership',
        pubDate: 'Thu, 05 Mar 2026 09:00:00 GMT',
        atom: { updated: '2026-03-06T08:15:00.000Z' },
        dc: { creators: ['Victor Westerkamp', 'Jane Roe', 'Li Wei'] },
        categories: [{ name: 'Middle East' }, { name: 'Belarus' }, { name: 'China' }],
      });
      expect(generated.description).toContain('Correction (2026-03-06): An earlier version misdated the visit.');
      expect(generated.content!.encoded).toContain('<aside class="corrections">');
      expect(generated.authors).toBeUndefined();
    });

    it('carries the seed’s byline, lead image credit and attribution', () => {
      expect(seedItem.dc!.creators).toEqual(['Victor Westerkamp']);
      expect(seedItem.content!.encoded).toContain('(Image: Video still CCTV/Thomson Reuters)');
      expect(seedItem.content!.encoded).toContain('Reuters contributed to this article.');
    });
  });

  describe('JSON Feed 1.1', () => {
    const raw = JSON.parse(articleFeed('json', articles(), UPDATED, FULL, publication));
    const feed = parseJsonFeed(raw);
    const [generated, , arabic, seedItem] = feed.items!;

    it('uses 1.1’s authors and language', () => {
      expect(raw).not.toHaveProperty('author');
      expect(raw.items.every((item: object) => !('author' in item))).toBe(true);
      expect(feed).toMatchObject({
        title: 'The Example Times',
        home_page_url: 'https://news.example.org',
        feed_url: 'https://news.example.org/feeds/json',
        language: 'en',
        authors: [{ name: 'The Example Times', url: 'https://news.example.org' }],
      });
      expect(arabic.language).toBe('ar');
    });

    it('gives each item its id, url, title, dates, every author, tags, summary, image and content', () => {
      expect(generated).toMatchObject({
        id: uri(generatedArticle().id),
        url: 'https://news.example.org/middle-east/belarus-china-partnership',
        title: 'Belarus & China sign “all-weather” <partnership>',
        date_published: '2026-03-05T09:00:00.000Z',
        date_modified: '2026-03-06T08:15:00.000Z',
        authors: [
          { name: 'Victor Westerkamp', url: 'https://news.example.org/authors/victor' },
          { name: 'Jane Roe' },
          { name: 'Li Wei', url: 'https://news.example.org/authors/li-wei' },
        ],
        tags: ['Middle East', 'Belarus', 'China'],
        image: 'https://cdn.example.org/images/lead.jpg',
      });
      expect(generated.summary).toContain('Correction (2026-03-06)');
      expect(generated.content_html).toContain('<h2>What was agreed</h2>');
    });

    it('carries the seed’s headline, byline, lead image, headings and attribution', () => {
      expect(seedItem).toMatchObject({ title: seed.draft.headline, authors: [{ name: 'Victor Westerkamp' }] });
      expect(seedItem.content_html).toContain('<h2>Mutual stance on Ukraine</h2>');
      expect(seedItem.content_html).toContain('Reuters contributed to this article.');
    });

    it('with summaries, has the summary as its only content', () => {
      const items = JSON.parse(articleFeed('json', articles(), UPDATED, SUMMARY, publication)).items;
      expect(items[0].content_html).toBe(items[0].summary ?? items[0].content_html);
      expect(items[0].content_html).not.toContain('<h2>');
    });
  });

  it('feed URLs carry the selection, and only what differs from the default', () => {
    expect(feedUrl(publication, 'rss', FULL)).toBe('https://news.example.org/feeds/rss');
    expect(feedUrl(publication, 'json', { section: 'Middle East', content: 'summary' })).toBe(
      'https://news.example.org/feeds/json?section=Middle+East&content=summary',
    );
  });

  it('every article of every kind gives an entry in every format', () => {
    for (const [, article] of everyArticle()) {
      expect(xmllint(articleFeed('atom', [article], UPDATED, FULL, publication), 'atom')).toEqual([]);
      expect(parseRssFeed(articleFeed('rss', [article], UPDATED, FULL, publication)).items).toHaveLength(1);
      expect(parseJsonFeed(JSON.parse(articleFeed('json', [article], UPDATED, FULL, publication))).items).toHaveLength(1);
    }
  });
});
