import { isDeepStrictEqual } from 'node:util';
import { hasRole, type Actor } from '../../common/domain/actor';
import type {
  AddComment,
  ApproveArticle,
  ArticleCommand,
  AttributeSource,
  CancelSchedule,
  CreateDraft,
  EditArticle,
  FireScheduledPublication,
  PublishArticle,
  RemoveSource,
  RequestChanges,
  RestoreRevision,
  SpikeArticle,
  SubmitForReview,
  UnpublishArticle,
} from './article.commands';
import type { ArticleEvent, EventContext, PublicationKind } from './article.events';
import type { ArticleContent, ContentFieldChanges } from './article.types';
import { assertValidContent, sourceFaults } from './article-content.rules';
import { EDITABLE_STATUSES, SUBMITTABLE_STATUSES } from './article-status';
import {
  ArticleAlreadyExists,
  ArticleNotFound,
  InvalidContent,
  InvalidTransition,
  NotPermitted,
  SourceNotFound,
} from './article.errors';
import { ARTICLE_FOLD_VERSION, evolve, initialState, type ArticleState } from './article.state';
import { diffBody } from './body-operations';
import { ROLES_REQUIRED } from './permissions';
import { slugify } from './slug';

export { evolve, fold, initialState } from './article.state';

/** The article's decider as the store takes it: decide, the fold, and the fold's version for snapshots. */
export const articleDecider = { initialState, evolve, decide, foldVersion: ARTICLE_FOLD_VERSION } as const;

/** Decide what happens when `command` meets an article in `state`: the new events, or a refusal. */
export function decide(command: ArticleCommand, state: ArticleState): ArticleEvent[] {
  requireRole(command);
  switch (command.type) {
    case 'CreateDraft':
      return createDraft(command, state);
    case 'EditArticle':
      return edit(command, existing(state));
    case 'AttributeSource':
      return attributeSource(command, existing(state));
    case 'RemoveSource':
      return removeSource(command, existing(state));
    case 'SubmitForReview':
      return submit(command, existing(state));
    case 'RequestChanges':
      return requestChanges(command, existing(state));
    case 'ApproveArticle':
      return approve(command, existing(state));
    case 'PublishArticle':
      return command.publishAt === undefined
        ? publishNow(command, existing(state))
        : schedule(command, command.publishAt, existing(state));
    case 'CancelSchedule':
      return cancelSchedule(command, existing(state));
    case 'FireScheduledPublication':
      return fireScheduledPublication(command, existing(state));
    case 'UnpublishArticle':
      return unpublish(command, existing(state));
    case 'RestoreRevision':
      return restore(command, existing(state));
    case 'AddComment':
      return comment(command, existing(state));
    case 'SpikeArticle':
      return spike(command, existing(state));
    default:
      return assertNever(command);
  }
}

function createDraft(command: CreateDraft, state: ArticleState): ArticleEvent[] {
  if (state.version > 0) throw new ArticleAlreadyExists(`article ${command.articleId} already exists`);
  // A headline with no Latin letters gives no slug; the article's id still makes a stable one.
  const slug = command.content.slug ?? (slugify(command.content.headline) || `article-${command.articleId.slice(0, 8)}`);
  const content: ArticleContent = { ...command.content, slug };
  assertValidContent(content);
  return [{ type: 'ArticleDrafted', data: { articleId: command.articleId, ...content }, ...context(command) }];
}

function edit(command: EditArticle, state: ExistingArticle): ArticleEvent[] {
  requireEditable(state, 'edited');
  const changes = changedFields(state.document.content, command.changes);
  const bodyOperations = command.body === undefined ? [] : diffBody(state.document.content.body, command.body);
  // An edit that changes nothing records nothing, so it neither bumps the version nor voids an approval.
  if (Object.keys(changes).length === 0 && bodyOperations.length === 0) return [];
  assertValidContent({ ...state.document.content, ...changes, body: command.body ?? state.document.content.body });
  return [{ type: 'ArticleEdited', data: { changes, bodyOperations }, ...context(command) }];
}

function attributeSource(command: AttributeSource, state: ExistingArticle): ArticleEvent[] {
  requireEditable(state, 'attributed');
  const { source } = command;
  const faults = sourceFaults(source);
  if (faults.length > 0) throw new InvalidContent(`the source is not valid: ${faults.join(', ')}`, faults);
  if (state.document.sources.some((existingSource) => existingSource.id === source.id)) {
    throw new InvalidTransition(`source ${source.id} is already on the article`);
  }
  const sameAttribution = state.document.sources.find(
    (existingSource) => existingSource.role === source.role && existingSource.name.toLowerCase() === source.name.toLowerCase(),
  );
  if (sameAttribution) {
    throw new InvalidTransition(`${source.name} is already attributed as ${source.role} (source ${sameAttribution.id})`);
  }
  return [{ type: 'SourceAttributed', data: { source }, ...context(command) }];
}

function removeSource(command: RemoveSource, state: ExistingArticle): ArticleEvent[] {
  requireEditable(state, 'changed');
  if (!state.document.sources.some((source) => source.id === command.sourceId)) {
    throw new SourceNotFound(`source ${command.sourceId} is not on article ${state.articleId}`);
  }
  return [{ type: 'SourceRemoved', data: { sourceId: command.sourceId }, ...context(command) }];
}

function submit(command: SubmitForReview, state: ExistingArticle): ArticleEvent[] {
  if (!SUBMITTABLE_STATUSES.includes(state.status)) {
    throw new InvalidTransition(
      `only a draft, an article sent back for changes or an unpublished one can be submitted for review; the article is ${state.status}`,
    );
  }
  if (state.document.content.body.length === 0) {
    throw new InvalidContent('an article needs at least one body block before review', ['body']);
  }
  return [{ type: 'ArticleSubmitted', data: { submittedVersion: state.version }, ...context(command) }];
}

function requestChanges(command: RequestChanges, state: ExistingArticle): ArticleEvent[] {
  // An approved article may be sent back too: that withdraws the approval before anything goes out.
  if (state.status !== 'in_review' && state.status !== 'approved') {
    throw new InvalidTransition(
      `changes can be requested only on an article in review or approved; the article is ${state.status}`,
    );
  }
  return [{ type: 'ChangesRequested', data: { reviewedVersion: state.version }, ...context(command, requiredReason(command)) }];
}

function approve(command: ApproveArticle, state: ExistingArticle): ArticleEvent[] {
  if (state.status !== 'in_review') {
    throw new InvalidTransition(`only an article in review can be approved; the article is ${state.status}`);
  }
  if (state.contentChangedBy.includes(command.actor.id)) {
    throw new NotPermitted('you changed this article’s content, so someone else must approve it (four eyes)');
  }
  return [{ type: 'ArticleApproved', data: { approvedVersion: state.version }, ...context(command) }];
}

function publishNow(command: PublishArticle, state: ExistingArticle): ArticleEvent[] {
  // Publishing a scheduled article now lifts its embargo early; the publication ends the schedule.
  if (state.status !== 'approved' && state.status !== 'scheduled') {
    throw new InvalidTransition(`publishing needs an approval of the current content; the article is ${state.status}`);
  }
  requireCurrentApproval(state);
  const { kind, note } = publicationKindAndNote(command, state);
  return [
    {
      type: 'ArticlePublished',
      data: { publishedVersion: state.version, kind, ...(note === undefined ? {} : { note }) },
      ...context(command),
    },
  ];
}

function schedule(command: PublishArticle, at: string, state: ExistingArticle): ArticleEvent[] {
  if (state.schedule !== null) {
    throw new InvalidTransition(`the article is already scheduled for ${state.schedule.publishAt}; cancel that first`);
  }
  if (state.status !== 'approved') {
    throw new InvalidTransition(`scheduling needs an approval of the current content; the article is ${state.status}`);
  }
  const approval = requireCurrentApproval(state);
  const publishAt = Date.parse(at);
  if (Number.isNaN(publishAt)) throw new InvalidContent('the publication time is not a valid time', ['at']);
  if (publishAt <= Date.parse(command.at)) {
    throw new InvalidContent(`the publication time must be in the future (it is now ${command.at})`, ['at']);
  }
  const { kind, note } = publicationKindAndNote(command, state);
  return [
    {
      type: 'PublicationScheduled',
      data: {
        approvedVersion: approval.version,
        publishAt: new Date(publishAt).toISOString(),
        kind,
        ...(note === undefined ? {} : { note }),
      },
      ...context(command),
    },
  ];
}

function cancelSchedule(command: CancelSchedule, state: ExistingArticle): ArticleEvent[] {
  if (state.status !== 'scheduled' || state.schedule === null) {
    throw new InvalidTransition(`only a scheduled publication can be cancelled; the article is ${state.status}`);
  }
  const reason = command.reason?.trim();
  return [{ type: 'ScheduleCancelled', data: { publishAt: state.schedule.publishAt }, ...context(command, reason || undefined) }];
}

function fireScheduledPublication(command: FireScheduledPublication, state: ExistingArticle): ArticleEvent[] {
  // A schedule that was cancelled, voided by an edit or already fired is not this one: nothing to publish.
  if (state.status !== 'scheduled' || state.schedule === null || state.schedule.publishAt !== command.publishAt) {
    throw new InvalidTransition(`no publication is scheduled for ${command.publishAt}; the article is ${state.status}`);
  }
  if (Date.parse(command.at) < Date.parse(command.publishAt)) {
    throw new InvalidTransition(`the publication scheduled for ${command.publishAt} is not due yet`);
  }
  requireCurrentApproval(state);
  const { kind, note, publishAt, by } = state.schedule;
  return [
    {
      type: 'ArticlePublished',
      data: {
        publishedVersion: state.version,
        kind,
        ...(note === undefined ? {} : { note }),
        scheduledFor: publishAt,
        scheduledBy: by,
      },
      ...context(command),
    },
  ];
}

function unpublish(command: UnpublishArticle, state: ExistingArticle): ArticleEvent[] {
  if (state.publication === null || !state.publication.live) {
    throw new InvalidTransition('only a published article can be unpublished; this one is not live');
  }
  return [
    {
      type: 'ArticleUnpublished',
      data: { publishedVersion: state.publication.version },
      ...context(command, requiredReason(command)),
    },
  ];
}

function restore(command: RestoreRevision, state: ExistingArticle): ArticleEvent[] {
  requireEditable(state, 'restored');
  const reason = requiredReason(command);
  if (command.revision === null || command.version < 1 || command.version > state.version) {
    throw new InvalidContent(`the article has no version ${command.version}`, ['version']);
  }
  const { content, sources } = command.revision;
  const { body, ...fields } = content;
  const changes = changedFields(state.document.content, fields);
  const bodyOperations = diffBody(state.document.content.body, body);
  const sourcesDiffer = !isDeepStrictEqual(state.document.sources, sources);
  if (Object.keys(changes).length === 0 && bodyOperations.length === 0 && !sourcesDiffer) {
    throw new InvalidTransition(`version ${command.version} says what the article says now; there is nothing to restore`);
  }
  assertValidContent(content);
  return [
    {
      type: 'RevisionRestored',
      data: { restoredVersion: command.version, changes, bodyOperations, ...(sourcesDiffer ? { sources } : {}) },
      ...context(command, reason),
    },
  ];
}

function comment(command: AddComment, _article: ExistingArticle): ArticleEvent[] {
  const text = command.text.trim();
  if (text === '') throw new InvalidContent('a comment needs some text', ['text']);
  return [{ type: 'CommentAdded', data: { commentId: command.commentId, text }, ...context(command) }];
}

function spike(command: SpikeArticle, state: ExistingArticle): ArticleEvent[] {
  if (state.publication !== null) {
    throw new InvalidTransition('an article that has been published cannot be spiked; unpublish it instead');
  }
  if (state.status === 'scheduled') {
    throw new InvalidTransition('the article is scheduled for publication; cancel the schedule before spiking it');
  }
  if (state.status === 'spiked') throw new InvalidTransition('the article is already spiked');
  return [{ type: 'ArticleSpiked', data: {}, ...context(command, requiredReason(command)) }];
}

/** The fields of `wanted` that differ from `current`; absent ones are left as they are. */
function changedFields(current: ArticleContent, wanted: ContentFieldChanges): ContentFieldChanges {
  return Object.fromEntries(
    Object.entries(wanted).filter(
      ([field, value]) => value !== undefined && !isDeepStrictEqual(current[field as keyof ContentFieldChanges], value),
    ),
  ) as ContentFieldChanges;
}

function requireCurrentApproval(state: ExistingArticle): NonNullable<ArticleState['approval']> {
  if (state.approval === null || state.approval.version < state.contentVersion) {
    const approved = state.approval === null ? 'nothing is approved' : `version ${state.approval.version} was approved`;
    throw new InvalidTransition(
      `publishing needs an approval of the current content: ${approved}, and the content changed at version ${state.contentVersion}`,
    );
  }
  return state.approval;
}

function publicationKindAndNote(
  command: PublishArticle,
  state: ExistingArticle,
): { readonly kind: PublicationKind; readonly note?: string } {
  const note = command.note?.trim() || undefined;
  if (state.publication === null) {
    if (command.kind !== undefined) {
      throw new InvalidContent(`a first publication is neither an update nor a correction`, ['kind']);
    }
    if (note !== undefined) throw new InvalidContent('a note belongs to a correction or an update', ['note']);
    return { kind: 'first' };
  }
  if (command.kind !== 'update' && command.kind !== 'correction') {
    throw new InvalidContent('republishing needs a kind: update or correction', ['kind']);
  }
  if (command.kind === 'correction' && note === undefined) {
    throw new InvalidContent('a correction needs a public note saying what was corrected', ['note']);
  }
  return { kind: command.kind, ...(note === undefined ? {} : { note }) };
}

/** Reversing or refusing work must say why, for the desk now and the auditors later. */
function requiredReason(command: { readonly reason: string }): string {
  const reason = command.reason.trim();
  if (reason === '') throw new InvalidContent('say why: a reason is required', ['reason']);
  return reason;
}

type ExistingArticle = ArticleState & {
  readonly articleId: string;
  readonly status: NonNullable<ArticleState['status']>;
  readonly document: NonNullable<ArticleState['document']>;
};

function existing(state: ArticleState): ExistingArticle {
  if (state.version === 0 || state.articleId === null || state.document === null || state.status === null) {
    throw new ArticleNotFound('article not found');
  }
  return state as ExistingArticle;
}

function requireEditable(state: ExistingArticle, verb: string): void {
  if (!EDITABLE_STATUSES.includes(state.status)) {
    throw new InvalidTransition(`an article that is ${state.status} cannot be ${verb}`);
  }
}

function requireRole(command: ArticleCommand): void {
  const roles = ROLES_REQUIRED[command.type];
  if (!roles.some((role) => hasRole(command.actor, role))) {
    throw new NotPermitted(`${describe(command.actor)} may not do this: it takes the ${roles.join(' or ')} role`);
  }
}

const describe = (actor: Actor): string => `${actor.name} (${actor.roles.join(', ') || 'no roles'})`;

function context(command: { readonly actor: Actor; readonly at: string }, reason?: string): EventContext {
  return { actor: command.actor, occurredAt: command.at, ...(reason === undefined ? {} : { reason }) };
}

function assertNever(command: never): never {
  throw new Error(`unknown command ${JSON.stringify(command)}`);
}
