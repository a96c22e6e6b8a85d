import { ninjs31, ninjs31KillNotice, type Ninjs31 } from './ninjs';
import { ninjs22 } from './ninjs-2.2';
import { arabicArticle, everyArticle, generatedArticle, plainArticle, publication, seed, seedArticle } from './testing/articles';
import { ninjsErrors } from './testing/validators';

const describeText = (document: Ninjs31, role: string) =>
  (document.descriptions ?? []).filter((description) => description.role === role).map((description) => description.value);

describe('ninjs', () => {
  describe.each(everyArticle())('given %s', (_name, article) => {
    const document = ninjs31(article, publication);

    it('is valid ninjs 3.1 by IPTC’s schema', () => {
      expect(ninjsErrors('3.1', document)).toEqual([]);
    });

    it('is valid ninjs 2.2 by IPTC’s schema', () => {
      expect(ninjsErrors('2.2', ninjs22(document))).toEqual([]);
    });

    it('after an unpublish, gives a kill notice valid in both versions', () => {
      const notice = ninjs31KillNotice(article, '2026-03-07T12:00:00.000Z', publication);
      expect(ninjsErrors('3.1', notice)).toEqual([]);
      expect(ninjsErrors('2.2', ninjs22(notice))).toEqual([]);
    });

    it('is the JSON it says it is: a round trip through JSON changes nothing', () => {
      expect(JSON.parse(JSON.stringify(document))).toEqual(document);
    });
  });

  it('the validators refuse what the standard lacks: an author bio in a key of its own', () => {
    const document = ninjs31(seedArticle(), publication);
    const people = [{ ...document.people![0], bio: 'Victor resides in the Netherlands.' }];
    expect(ninjsErrors('3.1', { ...document, people })).not.toEqual([]);
    expect(ninjsErrors('2.2', ninjs22({ ...document, people }))).not.toEqual([]);
    expect(ninjsErrors('2.2', document)).not.toEqual([]);
  });

  describe('given the seed article', () => {
    const article = seedArticle();
    const document = ninjs31(article, publication);
    const body = document.bodies![0].value;

    it('names the object by the base URL and the article id, never the slug', () => {
      expect(document.uri).toBe(`https://news.example.org/articles/${article.id}`);
      expect(document.uri).not.toContain(article.slug);
      expect(document.renditions).toEqual([
        {
          name: 'web',
          href: 'https://news.example.org/world/russias-ally-belarus-cozies-up-to-china',
          contentType: 'text/html',
          title: seed.draft.headline,
        },
      ]);
    });

    it('carries every part of the seed: headline, byline with bio, date, lead image, headings, quotes, attribution', () => {
      expect(document.headlines).toEqual([
        { role: 'main', contentType: 'text/plain', value: 'Russia’s Ally Belarus Cozies Up to China' },
      ]);
      expect(document.by).toBe('Victor Westerkamp');
      expect(document.people).toEqual([{ name: 'Victor Westerkamp', rel: 'author' }]);
      expect(describeText(document, 'biography')).toEqual([`Victor Westerkamp: ${seed.draft.authors[0].bio}`]);
      expect(document.firstCreated).toBe('2023-03-05T09:00:00.000Z');
      expect(document.versionCreated).toBe('2023-03-05T09:00:00.000Z');
      expect(document.version).toBe('1');
      expect(describeText(document, 'creditline')).toEqual(['(Image: Video still CCTV/Thomson Reuters)']);
      expect(describeText(document, 'attribution')).toEqual(['Reuters contributed to this article.']);
      const lead = document.associations!.find((association) => association.rel === 'leadimage')!;
      expect(lead).toMatchObject({ type: 'picture', uri: seed.draft.leadImage.url, by: 'Video still CCTV/Thomson Reuters' });
      expect(lead.descriptions).toEqual(
        expect.arrayContaining([
          { role: 'caption', contentType: 'text/plain', value: seed.draft.leadImage.caption },
          { role: 'creditline', contentType: 'text/plain', value: '(Image: Video still CCTV/Thomson Reuters)' },
        ]),
      );
      expect(lead.renditions).toEqual([{ name: 'original', href: seed.draft.leadImage.url }]);
      expect(body).toContain('<h2>Promise to hush up about human rights.</h2>');
      expect(body).toContain('<h2>Mutual stance on Ukraine</h2>');
      expect(body).toContain('“There are no off-limits topics for our cooperation.');
      expect(body).toContain('<p class="attribution">Reuters contributed to this article.</p>');
      for (const block of seed.draft.body) expect(body).toContain(block.text.replace(/&/g, '&amp;'));
    });

    it('lists the sources as info sources, the contributing agency and the cited one with their roles', () => {
      expect(document.infoSources).toEqual([
        { name: 'The Example Times', role: 'publisher', uri: 'https://news.example.org' },
        { name: 'Reuters', role: 'contributed' },
        { name: 'Xinhua News', role: 'cited' },
        { name: 'CCTV/Thomson Reuters', role: 'image' },
      ]);
    });

    it('takes the section and tags as subjects, and language and copyright from the configuration', () => {
      expect(document.subjects).toEqual([
        { name: 'World', rel: 'section' },
        { name: 'Belarus', rel: 'keyword' },
        { name: 'China', rel: 'keyword' },
        { name: 'Ukraine', rel: 'keyword' },
      ]);
      expect(document).toMatchObject({
        language: 'en',
        copyrightHolder: 'The Example Times',
        copyrightNotice: '© The Example Times. All rights reserved.',
        pubStatus: 'usable',
      });
      expect(document.edNote).toBeUndefined();
    });
  });

  describe('given an article with every part', () => {
    const article = generatedArticle();
    const document = ninjs31(article, publication);
    const body = document.bodies![0].value;

    it('counts republications in version, with the times of the first and the latest', () => {
      expect(document).toMatchObject({
        version: '3',
        firstCreated: '2026-03-05T09:00:00.000Z',
        versionCreated: '2026-03-06T08:15:00.000Z',
      });
    });

    it('shows the correction where ninjs has room for it: a description readers may see and a note for the desk', () => {
      expect(describeText(document, 'correction')).toEqual(['Correction (2026-03-06): An earlier version misdated the visit.']);
      expect(document.edNote).toBe('Corrects the version of 2026-03-05T11:30:00.000Z: An earlier version misdated the visit.');
      expect(body).toContain(
        '<aside class="corrections"><p>Correction (2026-03-06): An earlier version misdated the visit.</p></aside>',
      );
    });

    it('says what an update changed in edNote', () => {
      const updated = generatedArticle({
        publications: [
          { kind: 'first', at: '2026-03-05T09:00:00.000Z' },
          { kind: 'update', at: '2026-03-05T11:30:00.000Z' },
        ],
      });
      expect(ninjs31(updated, publication).edNote).toBe('Updates the version of 2026-03-05T09:00:00.000Z.');
    });

    it('names every author in by and people, with bios as descriptions and author pages as trust indicators', () => {
      expect(document.by).toBe('Victor Westerkamp, Jane Roe and Li Wei');
      expect(document.people).toEqual([
        { name: 'Victor Westerkamp', rel: 'author', uri: 'https://news.example.org/authors/victor' },
        { name: 'Jane Roe', rel: 'author' },
        { name: 'Li Wei', rel: 'author', uri: 'https://news.example.org/authors/li-wei' },
      ]);
      expect(describeText(document, 'biography')).toEqual(['Victor Westerkamp: Victor writes about freedom & democracy.']);
      expect(document.trustIndicators).toEqual([
        {
          role: 'http://cv.iptc.org/newscodes/trustindicator/biography',
          title: 'About Victor Westerkamp',
          href: 'https://news.example.org/authors/victor',
        },
        {
          role: 'http://cv.iptc.org/newscodes/trustindicator/biography',
          title: 'About Li Wei',
          href: 'https://news.example.org/authors/li-wei',
        },
      ]);
    });

    it('carries the standfirst as the summary and the rendered attribution of every agency', () => {
      expect(describeText(document, 'summary')).toEqual([article.standfirst]);
      expect(describeText(document, 'attribution')).toEqual([
        'This article is based on wire copy from AFP. Reuters and AP contributed to this article.',
      ]);
      expect(document.infoSources!.map((source) => [source.name, source.role, source.uri])).toEqual([
        ['The Example Times', 'publisher', 'https://news.example.org'],
        ['Reuters', 'contributed', 'https://www.reuters.com'],
        ['AP', 'contributed', undefined],
        ['Xinhua News', 'cited', 'https://english.news.cn'],
        ['AFP', 'wire', undefined],
        ['CCTV/Thomson Reuters', 'image', undefined],
      ]);
      expect(JSON.stringify(document)).not.toContain('desk only');
    });

    it('associates the lead image and each body image, with renditions, caption and credit', () => {
      expect(
        document.associations!.map((association) => [association.name, association.rel, association.uri, association.by]),
      ).toEqual([
        ['leadimage', 'leadimage', 'https://cdn.example.org/images/lead.jpg', 'Video still CCTV/Thomson Reuters'],
        ['image-i1', 'bodyimage', 'https://cdn.example.org/images/park.jpg', 'Photo: Jane Doe/AP'],
        ['image-i2', 'bodyimage', 'https://cdn.example.org/images/map.png', undefined],
      ]);
      expect(document.associations![1].descriptions).toEqual([
        { role: 'caption', contentType: 'text/plain', value: 'The China-Belarus Industrial Park near Minsk.' },
        { role: 'creditline', contentType: 'text/plain', value: '(Image: Photo: Jane Doe/AP)' },
        { role: 'alternativetext', contentType: 'text/plain', value: 'Factory halls under snow' },
      ]);
    });

    it('renders every block kind into sanitised HTML: headings, quotes with speaker, images, related links, READ MORE', () => {
      expect(body).toContain('<p>Talks in <a href="https://example.org/beijing">Beijing</a> ran <em>late</em> &amp; long.</p>');
      expect(body).toContain('<h2>What was agreed</h2>');
      expect(body).toContain(
        '<figure class="quote"><blockquote><p>There are no off-limits topics.</p></blockquote><figcaption>Alexander Lukashenko</figcaption></figure>',
      );
      expect(body).toContain('<figure class="quote"><blockquote><p>An unattributed line.</p></blockquote></figure>');
      expect(body).toContain('<img src="https://cdn.example.org/images/park.jpg" alt="Factory halls under snow" />');
      expect(body).toContain(
        '<p class="related">READ MORE: <a href="https://news.example.org/world/xi-meets-lukashenko">Xi meets Lukashenko</a></p>',
      );
      expect(body).toContain(
        '<a href="https://news.example.org/explainers/belt-and-road?ref=read-more&amp;x=1">What the Belt and Road means</a>',
      );
      expect(document.bodies![0]).toMatchObject({ role: 'main', contentType: 'text/html', wordCount: 27 });
    });

    it('keeps a headline with markup characters as text', () => {
      expect(document.headlines![0].value).toBe('Belarus & China sign “all-weather” <partnership>');
    });
  });

  it('given no lead image, has only the body images as associations and no credit line', () => {
    const document = ninjs31(plainArticle(), publication);
    expect(document.associations!.map((association) => association.rel)).toEqual(['bodyimage', 'bodyimage']);
    expect(describeText(document, 'creditline')).toEqual([]);
    expect(describeText(document, 'attribution')).toEqual([]);
    expect(describeText(document, 'summary')).toEqual([]);
  });

  it('given an Arabic article, keeps the text as written and marks the body right to left', () => {
    const document = ninjs31(arabicArticle(), publication);
    expect(document.language).toBe('ar');
    expect(document.headlines![0].value).toBe('بيلاروسيا تتقارب مع الصين');
    expect(document.bodies![0].value).toMatch(/^<div lang="ar" dir="rtl">/);
    expect(document.bodies![0].value).toContain('لا توجد مواضيع محظورة.');
    expect(describeText(document, 'attribution')).toEqual(['رويترز contributed to this article.']);
  });

  describe('the kill notice', () => {
    const notice = ninjs31KillNotice(generatedArticle(), '2026-03-07T12:00:00.000Z', publication);

    it('is canceled, for the same uri, as a version newer than any published', () => {
      expect(notice).toMatchObject({
        uri: ninjs31(generatedArticle(), publication).uri,
        pubStatus: 'canceled',
        version: '4',
        versionCreated: '2026-03-07T12:00:00.000Z',
      });
      expect(notice.edNote).toContain('Do not use');
    });

    it('carries the headline but none of the copy', () => {
      expect(notice.headlines).toEqual([{ role: 'main', contentType: 'text/plain', value: generatedArticle().headline }]);
      expect(notice.bodies).toBeUndefined();
      expect(notice.associations).toBeUndefined();
    });
  });

  describe('2.2 against 3.1', () => {
    const document = ninjs31(generatedArticle(), publication);
    const old = ninjs22(document);

    it('names properties in lower case, as 2.x does', () => {
      expect(Object.keys(old)).toEqual(
        expect.arrayContaining([
          'versioncreated',
          'firstcreated',
          'pubstatus',
          'infosources',
          'copyrightholder',
          'trustindicators',
        ]),
      );
      expect(Object.keys(old)).not.toEqual(expect.arrayContaining(['versionCreated']));
      expect((old.bodies as object[])[0]).toHaveProperty('contenttype', 'text/html');
      expect(old.standard).toEqual({
        name: 'ninjs',
        version: '2.2',
        schema: 'http://www.iptc.org/std/ninjs/ninjs-schema_2.2.json#',
      });
    });

    it('calls embargoedUntil embargoed, and says an association’s relationship by its name only', () => {
      expect(ninjs22({ ...document, embargoedUntil: '2026-03-05T08:00:00.000Z' } as Ninjs31)).toHaveProperty(
        'embargoed',
        '2026-03-05T08:00:00.000Z',
      );
      const associations = old.associations as Record<string, unknown>[];
      expect(associations.map((association) => association.name)).toEqual(['leadimage', 'image-i1', 'image-i2']);
      expect(associations.every((association) => !('rel' in association))).toBe(true);
      // Other objects keep rel: 2.2 has it on people and subjects.
      expect((old.people as object[])[0]).toHaveProperty('rel', 'author');
    });

    it('keeps every value', () => {
      expect(old.headlines).toEqual(
        document.headlines!.map(({ contentType, ...rest }) => ({ ...rest, contenttype: contentType })),
      );
      expect(old.uri).toBe(document.uri);
    });
  });
});
