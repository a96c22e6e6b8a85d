import type { ArticleEventType } from './article.events';

export const ARTICLE_STATUSES = [
  'draft',
  'in_review',
  'changes_requested',
  'approved',
  'scheduled',
  'published',
  'unpublished',
  'spiked',
] as const;
export type ArticleStatus = (typeof ARTICLE_STATUSES)[number];

/**
 * Statuses in which the copy may be changed. Not in review (the reviewer must send it back first),
 * and not once spiked. A change of approved, scheduled, published or unpublished copy reopens it as a draft.
 */
export const EDITABLE_STATUSES: readonly ArticleStatus[] = [
  'draft',
  'changes_requested',
  'approved',
  'scheduled',
  'published',
  'unpublished',
];

/** Statuses from which an editor may send the article to review. */
export const SUBMITTABLE_STATUSES: readonly ArticleStatus[] = ['draft', 'changes_requested', 'unpublished'];

/**
 * The workflow status an event leads to. Shared by the decider's state and the desk's read model so
 * both agree on what each event means for the workflow.
 */
export function statusAfter(status: ArticleStatus | null, eventType: ArticleEventType): ArticleStatus | null {
  switch (eventType) {
    case 'ArticleDrafted':
      return 'draft';
    case 'ArticleEdited':
    case 'SourceAttributed':
    case 'SourceRemoved':
    case 'RevisionRestored':
      // Any change of content voids an approval and a schedule; a published article stays live while
      // its new working version goes back through review. Changes asked for keep that status (and the
      // reason visible) until the editors submit again.
      return status === 'draft' || status === 'changes_requested' ? status : 'draft';
    case 'ArticleSubmitted':
      return 'in_review';
    case 'ChangesRequested':
      return 'changes_requested';
    case 'ArticleApproved':
    case 'ScheduleCancelled':
      return 'approved';
    case 'PublicationScheduled':
      return 'scheduled';
    case 'ArticlePublished':
      return 'published';
    case 'ArticleUnpublished':
      return 'unpublished';
    case 'ArticleSpiked':
      return 'spiked';
    case 'CommentAdded':
      return status;
  }
}
