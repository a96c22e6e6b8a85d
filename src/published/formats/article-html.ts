import sanitizeHtml from 'sanitize-html';
import type { Block, LeadImage } from '../../articles/domain/article.types';
import { plainText } from '../../common/text';
import type { PublishedArticle } from '../published-article';

/**
 * The article as HTML for the formats that carry a body (ninjs `bodies`, feed content): the blocks in
 * order, then the READ MORE links, the attribution line and every correction note. Block text holds
 * the inline markup sanitised on the way in; everything else is plain text and is escaped here. The
 * result goes through the sanitiser once more, so no format can carry more than this allowlist.
 */
export function articleHtml(article: PublishedArticle, options: { readonly leadImage: boolean }): string {
  const parts = [
    options.leadImage && article.leadImage ? figure(article.leadImage, article.imageCreditLine) : '',
    ...article.body.map(blockHtml),
    readMore(article),
    article.attributionLine ? `<p class="attribution">${escapeHtml(article.attributionLine)}</p>` : '',
    correctionsHtml(article),
  ];
  const direction = isRightToLeft(article.language) ? ' dir="rtl"' : '';
  return sanitizeHtml(`<div lang="${escapeHtml(article.language)}"${direction}>${parts.join('')}</div>`, BODY_MARKUP);
}

/** The words of the body a reader reads (paragraphs, headings, quotes), for ninjs' counts. */
export function articleText(article: Pick<PublishedArticle, 'body'>): string {
  return article.body
    .flatMap((block) => {
      if (block.type === 'paragraph' || block.type === 'heading') return [plainText(block.text)];
      if (block.type === 'quote') return [block.speaker ? `${plainText(block.text)} — ${block.speaker}` : plainText(block.text)];
      return [];
    })
    .join('\n\n');
}

/** The correction notes as readers see them, oldest first: "Correction (2026-03-06): …". */
export function correctionLines(article: Pick<PublishedArticle, 'corrections'>): string[] {
  return article.corrections.map((correction) => `Correction (${correction.correctedAt.slice(0, 10)}): ${correction.note}`);
}

/** Languages written right to left, by their primary subtag. */
const RIGHT_TO_LEFT = new Set(['ar', 'arc', 'ckb', 'dv', 'fa', 'he', 'ks', 'ku', 'ps', 'sd', 'ug', 'ur', 'yi']);

export function isRightToLeft(language: string): boolean {
  return RIGHT_TO_LEFT.has(language.split('-')[0].toLowerCase());
}

export function escapeHtml(text: string): string {
  return text.replace(/[&<>"']/g, (character) => ESCAPES[character]);
}

const ESCAPES: Record<string, string> = { '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' };

const BODY_MARKUP: sanitizeHtml.IOptions = {
  allowedTags: [
    'div',
    'p',
    'h1',
    'h2',
    'h3',
    'h4',
    'h5',
    'h6',
    'blockquote',
    'figure',
    'figcaption',
    'img',
    'a',
    'em',
    'strong',
    'aside',
    'ul',
    'li',
    'span',
  ],
  allowedAttributes: { '*': ['class', 'lang', 'dir'], a: ['href'], img: ['src', 'alt'] },
  allowedSchemes: ['http', 'https', 'mailto'],
  disallowedTagsMode: 'discard',
};

function blockHtml(block: Block): string {
  switch (block.type) {
    case 'paragraph':
      return `<p>${block.text}</p>`;
    case 'heading':
      return `<h${block.level}>${block.text}</h${block.level}>`;
    case 'quote':
      return (
        `<figure class="quote"><blockquote><p>${block.text}</p></blockquote>` +
        (block.speaker ? `<figcaption>${escapeHtml(block.speaker)}</figcaption>` : '') +
        `</figure>`
      );
    case 'image':
      return figure(block, block.credit ? `(Image: ${block.credit})` : null);
    case 'related':
      return `<p class="related">READ MORE: <a href="${escapeHtml(block.url)}">${escapeHtml(block.title)}</a></p>`;
  }
}

function figure(image: Pick<LeadImage, 'url' | 'alt' | 'caption'>, creditLine: string | null): string {
  const caption = [
    image.caption ? escapeHtml(image.caption) : '',
    creditLine ? `<span class="credit">${escapeHtml(creditLine)}</span>` : '',
  ]
    .filter((part) => part !== '')
    .join(' ');
  return (
    `<figure><img src="${escapeHtml(image.url)}" alt="${escapeHtml(image.alt)}">` +
    (caption ? `<figcaption>${caption}</figcaption>` : '') +
    `</figure>`
  );
}

function readMore(article: PublishedArticle): string {
  if (article.relatedLinks.length === 0) return '';
  const items = article.relatedLinks.map((link) => `<li><a href="${escapeHtml(link.url)}">${escapeHtml(link.title)}</a></li>`);
  return `<aside class="read-more"><p>READ MORE:</p><ul>${items.join('')}</ul></aside>`;
}

function correctionsHtml(article: PublishedArticle): string {
  if (article.corrections.length === 0) return '';
  return `<aside class="corrections">${correctionLines(article)
    .map((line) => `<p>${escapeHtml(line)}</p>`)
    .join('')}</aside>`;
}
