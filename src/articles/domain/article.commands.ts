import type { Actor } from './actor';
import type { ArticleContent, Block, ContentFieldChanges, Source } from './article.types';

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
export type ApproveArticle = CommandOf<'ApproveArticle'>;
export type PublishArticle = CommandOf<'PublishArticle', { readonly kind?: 'update' | 'correction'; readonly note?: string }>;

export type ArticleCommand =
  CreateDraft | EditArticle | AttributeSource | RemoveSource | SubmitForReview | ApproveArticle | PublishArticle;

export type ArticleCommandType = ArticleCommand['type'];
