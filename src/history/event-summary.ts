import type { ArticleEvent, ArticleEdited, RevisionRestored } from '../articles/domain/article.events';
import type { Block, ContentFieldChanges, Source } from '../articles/domain/article.types';

const FIELD_NAMES: Readonly<Record<keyof ContentFieldChanges, string>> = {
  headline: 'headline',
  standfirst: 'standfirst',
  slug: 'slug',
  section: 'section',
  tags: 'tags',
  language: 'language',
  authors: 'authors',
  leadImage: 'lead image',
  relatedLinks: 'related links',
};

const BLOCK_NAMES: Readonly<Record<Block['type'], [string, string]>> = {
  paragraph: ['paragraph', 'paragraphs'],
  heading: ['heading', 'headings'],
  quote: ['quote', 'quotes'],
  image: ['image', 'images'],
  related: ['related link block', 'related link blocks'],
};

const COMMENT_PREVIEW = 80;

/**
 * One line a person reads in an article's history: what the event did, in words. Sources removed
 * are named when the caller knows them (`removedSources`, by id); the event itself stores only the id.
 */
export function summarise(event: ArticleEvent, removedSources: ReadonlyMap<string, Source> = new Map()): string {
  switch (event.type) {
    case 'ArticleDrafted':
      return `drafted “${event.data.headline}”`;
    case 'ArticleEdited':
      return `edited ${describeChanges(event.data) || 'nothing'}`;
    case 'SourceAttributed':
      return `attributed ${describeSource(event.data.source)}`;
    case 'SourceRemoved': {
      const source = removedSources.get(event.data.sourceId);
      return source ? `removed the source ${describeSource(source)}` : 'removed a source';
    }
    case 'ArticleSubmitted':
      return `submitted version ${event.data.submittedVersion} for review`;
    case 'ChangesRequested':
      return `requested changes to version ${event.data.reviewedVersion}`;
    case 'ArticleApproved':
      return `approved version ${event.data.approvedVersion}`;
    case 'PublicationScheduled':
      return `scheduled ${publicationKind(event.data.kind)}for ${event.data.publishAt}`;
    case 'ScheduleCancelled':
      return `cancelled the publication scheduled for ${event.data.publishAt}`;
    case 'ArticlePublished':
      return (
        `published ${publicationKind(event.data.kind)}`.trimEnd() +
        (event.data.scheduledFor ? ` as scheduled for ${event.data.scheduledFor}` : '')
      );
    case 'ArticleUnpublished':
      return `unpublished version ${event.data.publishedVersion}`;
    case 'RevisionRestored': {
      const changes = describeChanges(event.data);
      return `restored version ${event.data.restoredVersion}${changes ? ` (${changes})` : ''}`;
    }
    case 'CommentAdded':
      return `commented “${preview(event.data.text)}”`;
    case 'ArticleSpiked':
      return 'spiked the draft';
  }
}

/** "headline, tags and 2 paragraphs; added 1 quote; removed 2 blocks" */
function describeChanges(data: ArticleEdited['data'] | RevisionRestored['data']): string {
  const changed = Object.keys(data.changes).map((field) => FIELD_NAMES[field as keyof ContentFieldChanges] ?? field);
  const replaced = countBlocks(data.bodyOperations.flatMap((operation) => (operation.op === 'replace' ? [operation.block] : [])));
  const inserted = countBlocks(data.bodyOperations.flatMap((operation) => (operation.op === 'insert' ? [operation.block] : [])));
  const removed = data.bodyOperations.filter((operation) => operation.op === 'remove').length;
  const moved = data.bodyOperations.filter((operation) => operation.op === 'move').length;
  const restoredSources = 'sources' in data && data.sources ? ['sources'] : [];
  const parts = [
    listed([...changed, ...restoredSources, ...replaced]),
    inserted.length ? `added ${listed(inserted)}` : '',
    removed ? `removed ${plural(removed, 'block', 'blocks')}` : '',
    moved ? `moved ${plural(moved, 'block', 'blocks')}` : '',
  ];
  return parts.filter(Boolean).join('; ');
}

function countBlocks(blocks: readonly Block[]): string[] {
  const counts = new Map<Block['type'], number>();
  for (const block of blocks) counts.set(block.type, (counts.get(block.type) ?? 0) + 1);
  return [...counts].map(([type, count]) => plural(count, ...BLOCK_NAMES[type]));
}

const plural = (count: number, one: string, many: string): string => `${count} ${count === 1 ? one : many}`;

function listed(items: readonly string[]): string {
  if (items.length <= 1) return items.join('');
  return `${items.slice(0, -1).join(', ')} and ${items.at(-1)}`;
}

const describeSource = (source: Pick<Source, 'name' | 'role'>): string => `${source.name} (${source.role})`;

const publicationKind = (kind: string): string =>
  kind === 'update' ? 'as an update ' : kind === 'correction' ? 'as a correction ' : '';

function preview(text: string): string {
  const plain = text
    .replace(/<[^>]*>/g, '')
    .replace(/\s+/g, ' ')
    .trim();
  return plain.length <= COMMENT_PREVIEW ? plain : `${plain.slice(0, COMMENT_PREVIEW - 1)}…`;
}
