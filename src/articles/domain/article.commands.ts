import type { Actor } from '../../common/domain/actor';
import type { ArticleContent, ArticleDocument, Block, ContentFieldChanges, Source } from './article.types';

/** Time and identifiers arrive in the command, so that deciding needs neither a clock nor randomness. */
interface CommandContext {
  readonly actor: Actor;
  readonly at: string;
}

type CommandOf<Type extends string, Fields = object> = CommandContext & { readonly type: Type } & Fields;

export type DraftContent = Omit<ArticleContent, 'slug'> & { readonly slug?: string };

export type CreateDraft = CommandOf<'CreateDraft', { readonly articleId: string; readonly content: DraftContent }>;
/** `body`, when present, is the whole new body; the decider turns it into block operations. */
export type EditArticle = CommandOf<'EditArticle', { readonly changes: ContentFieldChanges; readonly body?: readonly Block[] }>;
export type AttributeSource = CommandOf<'AttributeSource', { readonly source: Source }>;
export type RemoveSource = CommandOf<'RemoveSource', { readonly sourceId: string }>;
export type SubmitForReview = CommandOf<'SubmitForReview'>;
export type RequestChanges = CommandOf<'RequestChanges', { readonly reason: string }>;
export type ApproveArticle = CommandOf<'ApproveArticle'>;
/** Now, or at `publishAt` (an embargo) when given. */
export type PublishArticle = CommandOf<
  'PublishArticle',
  { readonly kind?: 'update' | 'correction'; readonly note?: string; readonly publishAt?: string }
>;
export type CancelSchedule = CommandOf<'CancelSchedule', { readonly reason?: string }>;
/** The scheduler's command when a scheduled publication falls due; `publishAt` names the schedule it fires. */
export type FireScheduledPublication = CommandOf<'FireScheduledPublication', { readonly publishAt: string }>;
export type UnpublishArticle = CommandOf<'UnpublishArticle', { readonly reason: string }>;
/**
 * `revision` is what version `version` said, read from the stream by the handler (the past never
 * changes, so reading it before deciding is safe); null when the article has no such version.
 */
export type RestoreRevision = CommandOf<
  'RestoreRevision',
  { readonly version: number; readonly reason: string; readonly revision: ArticleDocument | null }
>;
export type AddComment = CommandOf<'AddComment', { readonly commentId: string; readonly text: string }>;
export type SpikeArticle = CommandOf<'SpikeArticle', { readonly reason: string }>;

export type ArticleCommand =
  | CreateDraft
  | EditArticle
  | AttributeSource
  | RemoveSource
  | SubmitForReview
  | RequestChanges
  | ApproveArticle
  | PublishArticle
  | CancelSchedule
  | FireScheduledPublication
  | UnpublishArticle
  | RestoreRevision
  | AddComment
  | SpikeArticle;

export type ArticleCommandType = ArticleCommand['type'];
