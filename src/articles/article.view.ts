import type { ArticleContent, Source } from './domain/article.types';
import type { ArticleStatus } from './domain/article-status';
import type { Approval, ArticleState, ChangeRequest, Comment, Publication, Schedule } from './domain/article.state';

/** The working state of an article as the newsroom sees it. */
export interface ArticleView extends ArticleContent {
  readonly id: string;
  readonly version: number;
  readonly status: ArticleStatus;
  readonly sources: readonly Source[];
  readonly contentVersion: number;
  readonly approval: Approval | null;
  readonly publication: Publication | null;
  readonly schedule: Schedule | null;
  /** The reviewer's reason while changes are requested (kept until an approval). */
  readonly changeRequest: ChangeRequest | null;
  /** Internal notes for the desk, oldest first. */
  readonly comments: readonly Comment[];
}

export function toArticleView(state: ArticleState): ArticleView {
  if (state.articleId === null || state.document === null || state.status === null) {
    throw new Error('an article view needs an article that exists');
  }
  return {
    id: state.articleId,
    version: state.version,
    status: state.status,
    ...state.document.content,
    sources: state.document.sources,
    contentVersion: state.contentVersion,
    approval: state.approval,
    publication: state.publication,
    schedule: state.schedule,
    changeRequest: state.changeRequest,
    comments: state.comments,
  };
}
