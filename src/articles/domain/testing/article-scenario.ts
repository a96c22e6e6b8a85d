import { SCHEDULER, type Actor } from '../../../common/domain/actor';
import type {
  AddComment,
  ApproveArticle,
  ArticleCommand,
  AttributeSource,
  CancelSchedule,
  CreateDraft,
  DraftContent,
  EditArticle,
  FireScheduledPublication,
  PublishArticle,
  RemoveSource,
  RequestChanges,
  RestoreRevision,
  SpikeArticle,
  SubmitForReview,
  UnpublishArticle,
} from '../article.commands';
import { decide, fold } from '../article.decider';
import type {
  ArticleApproved,
  ArticleDrafted,
  ArticleEdited,
  ArticleEvent,
  ArticlePublished,
  ArticleSpiked,
  ArticleSubmitted,
  ArticleUnpublished,
  ChangesRequested,
  CommentAdded,
  PublicationScheduled,
  RevisionRestored,
  ScheduleCancelled,
  SourceAttributed,
  SourceRemoved,
} from '../article.events';
import type { ArticleState } from '../article.state';
import type { ArticleContent, ArticleDocument, Block, ContentFieldChanges, ParagraphBlock, Source } from '../article.types';
import type { BodyOperation } from '../body-operations';

/**
 * given(...history).when(command).then(...expectedEvents) / .thenThrows(ErrorClass, /message/)
 * / .thenState(), built on the real decide and fold.
 */
export function given(...history: ArticleEvent[]) {
  const state = fold(history);
  return {
    state,
    when(command: ArticleCommand) {
      const decided = (): ArticleEvent[] => decide(command, state);
      return {
        then(...expected: ArticleEvent[]): void {
          expect(decided()).toStrictEqual(expected);
        },
        thenThrows<E extends Error>(errorClass: abstract new (...args: never[]) => E, message?: RegExp): E {
          let error: unknown;
          try {
            decided();
          } catch (caught) {
            error = caught;
          }
          expect(error).toBeInstanceOf(errorClass);
          if (message) expect((error as Error).message).toMatch(message);
          return error as E;
        },
        /** The state once the decided events are folded in. */
        thenState(): ArticleState {
          return fold(decided(), state);
        },
      };
    },
  };
}

const actor = (id: string, ...roles: Actor['roles']): Actor => ({ id, name: id[0].toUpperCase() + id.slice(1), roles });
export const alice = actor('alice', 'editor');
export const erin = actor('erin', 'editor');
export const rita = actor('rita', 'reviewer');
export const eve = actor('eve', 'editor', 'reviewer');
export const paul = actor('paul', 'publisher');
export const admin = actor('admin', 'admin');
export const auditor = actor('auditor', 'auditor');
export const nobody = actor('nobody');

export const AT = '2025-03-05T09:00:00.000Z';
export const ARTICLE_ID = 'a6f0c1de-0000-4000-8000-000000000001';
export const HEADLINE = 'Russia’s Ally Belarus Cozies Up to China';
export const SLUG = 'russias-ally-belarus-cozies-up-to-china';

export const paragraph = (id: string, text = `Paragraph ${id}.`): ParagraphBlock => ({ id, type: 'paragraph', text });

export const BODY: readonly Block[] = [
  { id: 'b1', type: 'heading', text: 'A state visit to Beijing', level: 2 },
  paragraph('b2', 'During a three-day state visit, Lukashenko promised to support China.'),
  paragraph('b3', 'The visit comes amid concerns in the West.'),
  { id: 'b4', type: 'quote', text: 'There are no off-limits topics for our cooperation.', speaker: 'Alexander Lukashenko' },
  paragraph('b5', 'China and Belarus also signed a number of documents.'),
];

/** Valid content as a CreateDraft carries it: no slug, so the decider derives one. */
export const draftContent = (overrides: Partial<DraftContent> = {}): DraftContent => ({
  headline: HEADLINE,
  standfirst: 'Lukashenko trades support for economic aid.',
  section: 'world',
  tags: ['belarus', 'china'],
  language: 'en',
  authors: [{ name: 'Victor Westerkamp' }],
  body: BODY,
  leadImage: null,
  relatedLinks: [],
  ...overrides,
});

/** The same content as the drafted event stores it, slug included. */
export const articleContent = (overrides: Partial<ArticleContent> = {}): ArticleContent => ({
  ...draftContent(),
  slug: SLUG,
  ...overrides,
});

export const source = (overrides: Partial<Source> = {}): Source => ({
  id: 'src-1',
  name: 'Xinhua News',
  role: 'wire',
  ...overrides,
});

// Commands

const command = { at: AT } as const;
export const create = (by: Actor, content: DraftContent = draftContent(), articleId = ARTICLE_ID): CreateDraft => ({
  ...command,
  type: 'CreateDraft',
  actor: by,
  articleId,
  content,
});
export const edit = (by: Actor, changes: ContentFieldChanges, body?: readonly Block[]): EditArticle => ({
  ...command,
  type: 'EditArticle',
  actor: by,
  changes,
  ...(body ? { body } : {}),
});
export const attribute = (by: Actor, attributed: Source = source()): AttributeSource => ({
  ...command,
  type: 'AttributeSource',
  actor: by,
  source: attributed,
});
export const removeSource = (by: Actor, sourceId: string): RemoveSource => ({
  ...command,
  type: 'RemoveSource',
  actor: by,
  sourceId,
});
export const submit = (by: Actor): SubmitForReview => ({ ...command, type: 'SubmitForReview', actor: by });
export const approve = (by: Actor): ApproveArticle => ({ ...command, type: 'ApproveArticle', actor: by });
export const publish = (by: Actor, options: Pick<PublishArticle, 'kind' | 'note' | 'publishAt'> = {}): PublishArticle => ({
  ...command,
  type: 'PublishArticle',
  actor: by,
  ...options,
});
export const requestChanges = (by: Actor, reason = 'Please source the second paragraph.'): RequestChanges => ({
  ...command,
  type: 'RequestChanges',
  actor: by,
  reason,
});
export const cancelSchedule = (by: Actor, reason?: string): CancelSchedule => ({
  ...command,
  type: 'CancelSchedule',
  actor: by,
  ...(reason === undefined ? {} : { reason }),
});
export const fire = (publishAt: string, at = publishAt): FireScheduledPublication => ({
  type: 'FireScheduledPublication',
  actor: SCHEDULER,
  at,
  publishAt,
});
export const unpublish = (by: Actor, reason = 'Legal asked us to withdraw it.'): UnpublishArticle => ({
  ...command,
  type: 'UnpublishArticle',
  actor: by,
  reason,
});
export const restore = (
  by: Actor,
  version: number,
  revision: ArticleDocument | null,
  reason = 'The edit lost the quote.',
): RestoreRevision => ({ ...command, type: 'RestoreRevision', actor: by, version, revision, reason });
export const addComment = (by: Actor, text = 'Check the spelling of Lukashenko.', commentId = 'comment-1'): AddComment => ({
  ...command,
  type: 'AddComment',
  actor: by,
  commentId,
  text,
});
export const spike = (by: Actor, reason = 'The story fell through.'): SpikeArticle => ({
  ...command,
  type: 'SpikeArticle',
  actor: by,
  reason,
});

// Events

const context = (by: Actor, reason?: string) => ({ actor: by, occurredAt: AT, ...(reason === undefined ? {} : { reason }) });
export const drafted = (by: Actor, overrides: Partial<ArticleContent> = {}): ArticleDrafted => ({
  type: 'ArticleDrafted',
  data: { articleId: ARTICLE_ID, ...articleContent(overrides) },
  ...context(by),
});
export const edited = (by: Actor, changes: ContentFieldChanges, bodyOperations: BodyOperation[] = []): ArticleEdited => ({
  type: 'ArticleEdited',
  data: { changes, bodyOperations },
  ...context(by),
});
export const attributed = (by: Actor, attributedSource: Source = source()): SourceAttributed => ({
  type: 'SourceAttributed',
  data: { source: attributedSource },
  ...context(by),
});
export const sourceRemoved = (by: Actor, sourceId: string): SourceRemoved => ({
  type: 'SourceRemoved',
  data: { sourceId },
  ...context(by),
});
export const submitted = (by: Actor, submittedVersion: number): ArticleSubmitted => ({
  type: 'ArticleSubmitted',
  data: { submittedVersion },
  ...context(by),
});
export const approved = (by: Actor, approvedVersion: number): ArticleApproved => ({
  type: 'ArticleApproved',
  data: { approvedVersion },
  ...context(by),
});
export const published = (
  by: Actor,
  publishedVersion: number,
  kind: ArticlePublished['data']['kind'] = 'first',
  note?: string,
): ArticlePublished => ({
  type: 'ArticlePublished',
  data: { publishedVersion, kind, ...(note === undefined ? {} : { note }) },
  ...context(by),
});

export const changesRequested = (
  by: Actor,
  reviewedVersion: number,
  reason = 'Please source the second paragraph.',
): ChangesRequested => ({ type: 'ChangesRequested', data: { reviewedVersion }, ...context(by, reason) });
/** An hour after AT, when scheduled publications in these scenarios fall due. */
export const LATER = '2025-03-05T10:00:00.000Z';
export const scheduled = (
  by: Actor,
  approvedVersion: number,
  publishAt = LATER,
  kind: PublicationScheduled['data']['kind'] = 'first',
  note?: string,
): PublicationScheduled => ({
  type: 'PublicationScheduled',
  data: { approvedVersion, publishAt, kind, ...(note === undefined ? {} : { note }) },
  ...context(by),
});
export const scheduleCancelled = (by: Actor, publishAt = LATER, reason?: string): ScheduleCancelled => ({
  type: 'ScheduleCancelled',
  data: { publishAt },
  ...context(by, reason),
});
export const unpublished = (
  by: Actor,
  publishedVersion: number,
  reason = 'Legal asked us to withdraw it.',
): ArticleUnpublished => ({
  type: 'ArticleUnpublished',
  data: { publishedVersion },
  ...context(by, reason),
});
export const restored = (by: Actor, data: RevisionRestored['data'], reason = 'The edit lost the quote.'): RevisionRestored => ({
  type: 'RevisionRestored',
  data,
  ...context(by, reason),
});
export const commented = (by: Actor, text = 'Check the spelling of Lukashenko.', commentId = 'comment-1'): CommentAdded => ({
  type: 'CommentAdded',
  data: { commentId, text },
  ...context(by),
});
export const spiked = (by: Actor, reason = 'The story fell through.'): ArticleSpiked => ({
  type: 'ArticleSpiked',
  data: {},
  ...context(by, reason),
});

/** drafted by alice, submitted by alice, approved by rita: ready to publish at version 3. */
export const approvedHistory = (): ArticleEvent[] => [drafted(alice), submitted(alice, 1), approved(rita, 2)];

/** approvedHistory, first published by paul, then edited, resubmitted and approved again: version 7. */
export const reapprovedHistory = (): ArticleEvent[] => [
  ...approvedHistory(),
  published(paul, 3),
  edited(alice, { standfirst: 'Lukashenko trades support on Taiwan for economic aid.' }),
  submitted(alice, 5),
  approved(rita, 6),
];
