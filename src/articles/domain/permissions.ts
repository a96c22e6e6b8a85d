import type { Role } from './actor';
import type { ArticleCommandType } from './article.commands';

/**
 * Who may issue each command. The decider enforces it; the HTTP layer reads the same table to
 * refuse a wrong role before any work is done.
 */
export const ROLE_REQUIRED: Readonly<Record<ArticleCommandType, Role>> = {
  CreateDraft: 'editor',
  EditArticle: 'editor',
  AttributeSource: 'editor',
  RemoveSource: 'editor',
  SubmitForReview: 'editor',
  ApproveArticle: 'reviewer',
  PublishArticle: 'publisher',
};
