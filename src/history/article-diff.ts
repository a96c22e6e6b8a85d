import { isDeepStrictEqual } from 'node:util';
import { diffWords } from 'diff';
import type { ArticleContent, Block, Source } from '../articles/domain/article.types';
import { diffBody } from '../articles/domain/body-operations';
import type { ArticleVersion } from './article-version';

/** A stretch of text that is in both versions, only in the newer one, or only in the older one. */
export interface TextRun {
  readonly kind: 'unchanged' | 'added' | 'removed';
  readonly text: string;
}

export interface FieldChange {
  readonly field: keyof Omit<ArticleContent, 'body'>;
  readonly before: unknown;
  readonly after: unknown;
  /** Word by word, for the text fields (headline, standfirst). */
  readonly runs?: readonly TextRun[];
  /** For lists of words (tags). */
  readonly added?: readonly string[];
  readonly removed?: readonly string[];
}

export interface BlockChange {
  readonly blockId: string;
  readonly blockType: Block['type'];
  readonly kind: 'added' | 'removed' | 'changed' | 'moved';
  /** True when the block changed place among the blocks both versions have (also for a changed block). */
  readonly moved: boolean;
  /** Index in the older and the newer body (null where it is absent). */
  readonly position: { readonly before: number | null; readonly after: number | null };
  /** The block's text word by word (paragraphs, headings, quotes). */
  readonly runs?: readonly TextRun[];
  /** Its other attributes that changed (heading level, speaker, image url, caption, …). */
  readonly attributes?: readonly { readonly name: string; readonly before: unknown; readonly after: unknown }[];
}

export interface ArticleDiff {
  readonly from: number;
  readonly to: number;
  readonly status: { readonly before: string; readonly after: string } | null;
  readonly fields: readonly FieldChange[];
  readonly sources: {
    readonly added: readonly Source[];
    readonly removed: readonly Source[];
    readonly changed: readonly { readonly before: Source; readonly after: Source }[];
  };
  readonly body: readonly BlockChange[];
}

const FIELDS = [
  'headline',
  'standfirst',
  'slug',
  'section',
  'language',
  'tags',
  'authors',
  'leadImage',
  'relatedLinks',
] as const satisfies readonly (keyof Omit<ArticleContent, 'body'>)[];
const TEXT_FIELDS: ReadonlySet<string> = new Set(['headline', 'standfirst']);

/** What changed between two versions of an article, in a shape a UI renders directly. */
export function diffVersions(before: ArticleVersion, after: ArticleVersion): ArticleDiff {
  return {
    from: before.version,
    to: after.version,
    status: before.status === after.status ? null : { before: before.status, after: after.status },
    fields: diffFields(before.document.content, after.document.content),
    sources: diffSources(before.document.sources, after.document.sources),
    body: diffBlocks(before.document.content.body, after.document.content.body),
  };
}

export function wordRuns(before: string, after: string): TextRun[] {
  return diffWords(before, after).map((change) => ({
    kind: change.added ? 'added' : change.removed ? 'removed' : 'unchanged',
    text: change.value,
  }));
}

function diffFields(before: ArticleContent, after: ArticleContent): FieldChange[] {
  return FIELDS.filter((field) => !isDeepStrictEqual(before[field], after[field])).map((field) => {
    const change = { field, before: before[field], after: after[field] };
    if (TEXT_FIELDS.has(field)) return { ...change, runs: wordRuns(String(before[field] ?? ''), String(after[field] ?? '')) };
    if (field === 'tags') {
      return {
        ...change,
        added: after.tags.filter((tag) => !before.tags.includes(tag)),
        removed: before.tags.filter((tag) => !after.tags.includes(tag)),
      };
    }
    return change;
  });
}

function diffSources(before: readonly Source[], after: readonly Source[]): ArticleDiff['sources'] {
  const beforeById = new Map(before.map((source) => [source.id, source]));
  const afterIds = new Set(after.map((source) => source.id));
  return {
    added: after.filter((source) => !beforeById.has(source.id)),
    removed: before.filter((source) => !afterIds.has(source.id)),
    changed: after.flatMap((source) => {
      const old = beforeById.get(source.id);
      return old && !isDeepStrictEqual(old, source) ? [{ before: old, after: source }] : [];
    }),
  };
}

/** Block by block, by id: the same operations an edit stores (diffBody), told for people. */
function diffBlocks(before: readonly Block[], after: readonly Block[]): BlockChange[] {
  const operations = diffBody(before, after);
  const beforeIndex = new Map(before.map((block, index) => [block.id, index]));
  const afterIndex = new Map(after.map((block, index) => [block.id, index]));
  const moved = new Set(operations.flatMap((operation) => (operation.op === 'move' ? [operation.id] : [])));
  const replaced = new Set(operations.flatMap((operation) => (operation.op === 'replace' ? [operation.block.id] : [])));
  const position = (id: string) => ({ before: beforeIndex.get(id) ?? null, after: afterIndex.get(id) ?? null });

  const changes: BlockChange[] = [];
  for (const block of after) {
    const old = before[beforeIndex.get(block.id) ?? -1];
    if (old === undefined) {
      changes.push({ ...identify(block), kind: 'added', moved: false, position: position(block.id), ...textOf(null, block) });
    } else if (replaced.has(block.id)) {
      changes.push({
        ...identify(block),
        kind: 'changed',
        moved: moved.has(block.id),
        position: position(block.id),
        ...textOf(old, block),
      });
    } else if (moved.has(block.id)) {
      changes.push({ ...identify(block), kind: 'moved', moved: true, position: position(block.id) });
    }
  }
  for (const block of before) {
    if (!afterIndex.has(block.id)) {
      changes.push({ ...identify(block), kind: 'removed', moved: false, position: position(block.id), ...textOf(block, null) });
    }
  }
  return changes;
}

const identify = (block: Block) => ({ blockId: block.id, blockType: block.type });

function textOf(before: Block | null, after: Block | null): Pick<BlockChange, 'runs' | 'attributes'> {
  const text = (block: Block | null) => (block !== null && 'text' in block ? block.text : null);
  const beforeText = text(before);
  const afterText = text(after);
  const runs = beforeText === null && afterText === null ? undefined : wordRuns(beforeText ?? '', afterText ?? '');
  const names = new Set([...Object.keys(before ?? {}), ...Object.keys(after ?? {})]);
  const attributes = [...names]
    .filter((name) => !['id', 'type', 'text'].includes(name))
    .map((name) => ({
      name,
      before: (before as Record<string, unknown> | null)?.[name] ?? null,
      after: (after as Record<string, unknown> | null)?.[name] ?? null,
    }))
    .filter((attribute) => !isDeepStrictEqual(attribute.before, attribute.after));
  return { ...(runs ? { runs } : {}), ...(attributes.length ? { attributes } : {}) };
}
