import type { ArticleContent } from '../articles/domain/article.types';
import { plainText } from './text';

/**
 * The words text search looks at: headline, standfirst and the text of paragraphs, headings and
 * quotes, without markup, so a link's URL or an `&amp;` never becomes a search term. The desk and the
 * public site index the same text, each from its own version of the copy.
 */
export function searchableText(content: Pick<ArticleContent, 'headline' | 'standfirst' | 'body'>): string {
  const blockTexts = content.body.flatMap((block) =>
    block.type === 'paragraph' || block.type === 'heading' || block.type === 'quote' ? [block.text] : [],
  );
  return [content.headline, content.standfirst ?? '', ...blockTexts]
    .map(withoutMarkup)
    .filter((text) => text !== '')
    .join('\n');
}

/** Most text has no markup or entity at all; sanitising it anyway made up half of a one-block edit's cost. */
const withoutMarkup = (text: string): string => (text.includes('<') || text.includes('&') ? plainText(text) : text.trim());
