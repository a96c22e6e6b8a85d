import type { Block } from '../../articles/domain/article.types';
import { articleUri, articleUrl, sectionPath } from './article-address';
import { articleHtml, articleText, isRightToLeft } from './article-html';
import { generatedArticle, publication } from './testing/articles';

const withBody = (body: Block[]) =>
  generatedArticle({
    content: { body, relatedLinks: [] },
    sources: [],
    publications: [{ kind: 'first', at: '2026-03-05T09:00:00.000Z' }],
  });

describe('articleHtml', () => {
  it('drops anything the allowlist does not know, even if it reached the stored text', () => {
    const html = articleHtml(
      withBody([
        { id: 'x', type: 'paragraph', text: 'Hi <script>alert(1)</script><a href="javascript:alert(1)" onclick="x()">there</a>' },
        { id: 'y', type: 'image', url: 'https://cdn.example.org/a.jpg', alt: '" onerror="alert(1)', caption: '<b>bold</b>' },
      ]),
      { leadImage: false },
    );
    expect(html).not.toMatch(/script|javascript|onclick|onerror="alert/);
    expect(html).toContain('alt="&quot; onerror=&quot;alert(1)"');
    expect(html).toContain('&lt;b&gt;bold&lt;/b&gt;');
  });

  it('escapes plain text fields (speaker, link titles) and keeps the inline markup of block text', () => {
    const html = articleHtml(
      withBody([
        { id: 'q', type: 'quote', text: 'A <em>firm</em> no.', speaker: 'Smith & <Sons>' },
        { id: 'r', type: 'related', title: 'Q&A <live>', url: 'https://example.org/?a=1&b=2' },
      ]),
      { leadImage: false },
    );
    expect(html).toContain(
      '<blockquote><p>A <em>firm</em> no.</p></blockquote><figcaption>Smith &amp; &lt;Sons&gt;</figcaption>',
    );
    expect(html).toContain('<a href="https://example.org/?a=1&amp;b=2">Q&amp;A &lt;live&gt;</a>');
  });

  it('puts the lead image first only when asked', () => {
    expect(articleHtml(generatedArticle(), { leadImage: true })).toMatch(
      /^<div lang="en-GB"><figure><img src="https:\/\/cdn\.example\.org\/images\/lead\.jpg"/,
    );
    expect(articleHtml(generatedArticle(), { leadImage: false })).not.toContain('lead.jpg');
  });

  it('gives the body its language and, for right-to-left scripts, its direction', () => {
    expect(isRightToLeft('ar')).toBe(true);
    expect(isRightToLeft('he-IL')).toBe(true);
    expect(isRightToLeft('en-GB')).toBe(false);
  });
});

describe('articleText', () => {
  it('is the words of paragraphs, headings and quotes, without markup or entities', () => {
    expect(articleText(generatedArticle())).toBe(
      [
        'Talks in Beijing ran late & long.',
        'What was agreed',
        'There are no off-limits topics. — Alexander Lukashenko',
        'An unattributed line.',
        'The visit ended on March 2.',
      ].join('\n\n'),
    );
  });
});

describe('article addresses', () => {
  it('fills the configured pattern, with the section as a path segment and every value percent-encoded', () => {
    const article = { id: 'a1', slug: 'a slug/with?odd#parts', section: 'Middle East' };
    expect(articleUrl(publication, article)).toBe('https://news.example.org/middle-east/a%20slug%2Fwith%3Fodd%23parts');
    expect(articleUrl({ ...publication, articleUrlPattern: '{base}/a/{id}/{slug}' }, { ...article, slug: 's' })).toBe(
      'https://news.example.org/a/a1/s',
    );
    expect(sectionPath('  Arts & Culture ')).toBe('arts-culture');
  });

  it('identifies an article by id, whatever its slug', () => {
    expect(articleUri(publication, 'a1')).toBe('https://news.example.org/articles/a1');
  });
});
