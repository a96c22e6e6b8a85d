import { SOURCE_ROLES, type ArticleContent } from './article.types';
import { InvalidContent } from './article.errors';
import { SLUG_PATTERN } from './slug';

/*
 * The invariants every version of the copy keeps, whatever path the content came by: HTTP, the
 * CLI, the demo, the scheduler, an import, or a stored event read back. Each check takes `unknown`
 * because none of those paths is trusted to have typed it: the same rules refuse a bad command and
 * recognise a stored event that cannot be interpreted, and they never throw on odd shapes.
 */

type Faults = string[];

export const BLOCK_TYPES = ['paragraph', 'heading', 'quote', 'image', 'related'] as const;

export const isRecord = (value: unknown): value is Record<string, unknown> =>
  typeof value === 'object' && value !== null && !Array.isArray(value);
const isText = (value: unknown): value is string => typeof value === 'string' && value.trim() !== '';
const isOptionalString = (value: unknown): boolean => value === undefined || typeof value === 'string';

function requireText(faults: Faults, record: Record<string, unknown>, field: string, path: string): void {
  if (!isText(record[field])) faults.push(`${path}.${field}`);
}

function requireOptionalStrings(faults: Faults, record: Record<string, unknown>, fields: readonly string[], path: string): void {
  for (const field of fields) if (!isOptionalString(record[field])) faults.push(`${path}.${field}`);
}

/** An image (lead or in the body) is shown to readers: it needs where it is and what it shows. */
function imageFaults(faults: Faults, image: Record<string, unknown>, path: string): void {
  requireText(faults, image, 'url', path);
  requireText(faults, image, 'alt', path);
  requireOptionalStrings(faults, image, ['caption', 'credit'], path);
}

export function blockFaults(block: unknown, path: string): Faults {
  if (!isRecord(block)) return [path];
  const faults: Faults = [];
  if (!isText(block.id)) faults.push(`${path}.id`);
  switch (block.type) {
    case 'paragraph':
      requireText(faults, block, 'text', path);
      break;
    case 'heading':
      requireText(faults, block, 'text', path);
      if (!(Number.isInteger(block.level) && (block.level as number) >= 1 && (block.level as number) <= 6)) {
        faults.push(`${path}.level`);
      }
      break;
    case 'quote':
      requireText(faults, block, 'text', path);
      requireOptionalStrings(faults, block, ['speaker'], path);
      break;
    case 'image':
      imageFaults(faults, block, path);
      break;
    case 'related':
      requireText(faults, block, 'title', path);
      requireText(faults, block, 'url', path);
      break;
    default:
      faults.push(`${path}.type`);
  }
  return faults;
}

export function bodyFaults(body: unknown, path = 'body'): Faults {
  if (!Array.isArray(body)) return [path];
  const faults = body.flatMap((block, index) => blockFaults(block, `${path}[${index}]`));
  const ids = body.map((block) => (isRecord(block) ? block.id : undefined));
  if (new Set(ids).size !== ids.length) faults.push(path);
  return faults;
}

/**
 * Each content field on its own, for the fields present in `fields`: a whole draft, or only the
 * fields an edit changes. `standfirst` and `leadImage` may be null (the article has none).
 */
export function contentFieldFaults(fields: Record<string, unknown>): Faults {
  const faults: Faults = [];
  const has = (field: string) => Object.hasOwn(fields, field);
  for (const field of ['headline', 'section', 'language']) if (has(field) && !isText(fields[field])) faults.push(field);
  if (has('slug') && !(typeof fields.slug === 'string' && SLUG_PATTERN.test(fields.slug))) faults.push('slug');
  if (has('standfirst') && !(fields.standfirst === null || typeof fields.standfirst === 'string')) faults.push('standfirst');
  if (has('tags') && !(Array.isArray(fields.tags) && fields.tags.every(isText))) faults.push('tags');
  if (has('authors')) {
    const { authors } = fields;
    if (!Array.isArray(authors) || authors.length === 0) faults.push('authors');
    else
      authors.forEach((author, index) => {
        const path = `authors[${index}]`;
        if (!isRecord(author)) return void faults.push(path);
        requireText(faults, author, 'name', path);
        requireOptionalStrings(faults, author, ['bio', 'url'], path);
      });
  }
  if (has('leadImage') && fields.leadImage !== null) {
    if (isRecord(fields.leadImage)) imageFaults(faults, fields.leadImage, 'leadImage');
    else faults.push('leadImage');
  }
  if (has('relatedLinks')) {
    const { relatedLinks } = fields;
    if (!Array.isArray(relatedLinks)) faults.push('relatedLinks');
    else
      relatedLinks.forEach((link, index) => {
        const path = `relatedLinks[${index}]`;
        if (!isRecord(link)) return void faults.push(path);
        requireText(faults, link, 'title', path);
        requireText(faults, link, 'url', path);
      });
  }
  const unknown = Object.keys(fields).filter((field) => !CONTENT_FIELDS.has(field));
  return [...faults, ...unknown];
}

const CONTENT_FIELDS: ReadonlySet<string> = new Set([
  'headline',
  'standfirst',
  'slug',
  'section',
  'tags',
  'language',
  'authors',
  'body',
  'leadImage',
  'relatedLinks',
]);
const REQUIRED_FIELDS = ['headline', 'slug', 'section', 'tags', 'language', 'authors', 'body'];

/** Every fault of a whole version of the copy, by field path; none means it is valid. */
export function contentFaults(content: unknown): Faults {
  if (!isRecord(content)) return ['content'];
  const missing = REQUIRED_FIELDS.filter((field) => !Object.hasOwn(content, field));
  const { body, ...fields } = content;
  return [...missing, ...contentFieldFaults(fields), ...(Object.hasOwn(content, 'body') ? bodyFaults(body) : [])];
}

export function sourceFaults(source: unknown, path = 'source'): Faults {
  if (!isRecord(source)) return [path];
  const faults: Faults = [];
  requireText(faults, source, 'id', path);
  requireText(faults, source, 'name', path);
  if (!(SOURCE_ROLES as readonly unknown[]).includes(source.role)) faults.push(`${path}.role`);
  requireOptionalStrings(faults, source, ['url', 'note'], path);
  return faults;
}

/** Refuses a version of the copy that breaks an invariant, naming every field at fault. */
export function assertValidContent(content: ArticleContent): void {
  const faults = contentFaults(content);
  if (faults.length > 0) throw new InvalidContent(`the article's content is not valid: ${faults.join(', ')}`, faults);
}
