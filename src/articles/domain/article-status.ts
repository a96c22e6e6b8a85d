import type { ArticleEventType } from './article.events';

export const ARTICLE_STATUSES = ['draft', 'in_review', 'approved', 'published'] as const;
export type ArticleStatus = (typeof ARTICLE_STATUSES)[number];

/** Statuses in which the copy may be edited; an edit of an approved or published article reopens it as a draft. */
export const EDITABLE_STATUSES: readonly ArticleStatus[] = ['draft', 'approved', 'published'];

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
      // Any change of content voids an approval; a published article stays live while its new
      // working version goes back through review.
      return status === 'approved' || status === 'published' ? 'draft' : status;
    case 'ArticleSubmitted':
      return 'in_review';
    case 'ArticleApproved':
      return 'approved';
    case 'ArticlePublished':
      return 'published';
  }
}
