import type { Role } from '../../common/domain/actor';
import type { ArticleCommandType } from './article.commands';

/**
 * Who may issue each command: any one of the listed roles (admin may do everything). The decider
 * enforces it; the HTTP layer reads the same table to refuse a wrong role before any work is done.
 */
export const ROLES_REQUIRED: Readonly<Record<ArticleCommandType, readonly Role[]>> = {
  CreateDraft: ['editor'],
  EditArticle: ['editor'],
  AttributeSource: ['editor'],
  RemoveSource: ['editor'],
  SubmitForReview: ['editor'],
  RequestChanges: ['reviewer'],
  ApproveArticle: ['reviewer'],
  PublishArticle: ['publisher'],
  CancelSchedule: ['publisher'],
  FireScheduledPublication: ['publisher'],
  UnpublishArticle: ['publisher'],
  RestoreRevision: ['editor'],
  AddComment: ['editor', 'reviewer'],
  SpikeArticle: ['editor'],
};
