import type { ArticleContent } from './article.types';
import { InvalidContent } from './article.errors';
import { SLUG_PATTERN } from './slug';

/** Invariants every version of the copy keeps, whatever the edge has already checked. */
export function assertValidContent(content: ArticleContent): void {
  const faults: string[] = [];
  if (content.headline.trim() === '') faults.push('headline');
  if (!SLUG_PATTERN.test(content.slug)) faults.push('slug');
  if (content.section.trim() === '') faults.push('section');
  if (content.language.trim() === '') faults.push('language');
  if (content.authors.length === 0 || content.authors.some((author) => author.name.trim() === '')) faults.push('authors');
  const blockIds = content.body.map((block) => block.id);
  if (new Set(blockIds).size !== blockIds.length) faults.push('body');
  content.body.forEach((block, index) => {
    if (block.type === 'heading' && !(Number.isInteger(block.level) && block.level >= 1 && block.level <= 6)) {
      faults.push(`body[${index}].level`);
    }
  });
  if (faults.length > 0) {
    throw new InvalidContent(`the article's content is not valid: ${faults.join(', ')}`, faults);
  }
}
