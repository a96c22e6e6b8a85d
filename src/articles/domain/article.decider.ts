import { isDeepStrictEqual } from 'node:util';
import { hasRole, type Actor } from './actor';
import type {
  ApproveArticle,
  ArticleCommand,
  AttributeSource,
  CreateDraft,
  EditArticle,
  PublishArticle,
  RemoveSource,
  SubmitForReview,
} from './article.commands';
import type { ArticleEvent, EventContext, PublicationKind } from './article.events';
import type { ArticleContent, ContentFieldChanges } from './article.types';
import { assertValidContent } from './article-content.rules';
import { EDITABLE_STATUSES } from './article-status';
import {
  ArticleAlreadyExists,
  ArticleNotFound,
  InvalidContent,
  InvalidTransition,
  NotPermitted,
  SourceNotFound,
} from './article.errors';
import type { ArticleState } from './article.state';
import { diffBody } from './body-operations';
import { ROLE_REQUIRED } from './permissions';
import { slugify } from './slug';

export { evolve, fold, initialState } from './article.state';

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
    case 'ApproveArticle':
      return approve(command, existing(state));
    case 'PublishArticle':
      return publish(command, existing(state));
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
  const current = state.document.content;
  const changes = Object.fromEntries(
    Object.entries(command.changes).filter(
      ([field, value]) => value !== undefined && !isDeepStrictEqual(current[field as keyof ContentFieldChanges], value),
    ),
  ) as ContentFieldChanges;
  const bodyOperations = command.body === undefined ? [] : diffBody(current.body, command.body);
  // An edit that changes nothing records nothing, so it neither bumps the version nor voids an approval.
  if (Object.keys(changes).length === 0 && bodyOperations.length === 0) return [];
  assertValidContent({ ...current, ...changes, body: command.body ?? current.body });
  return [{ type: 'ArticleEdited', data: { changes, bodyOperations }, ...context(command) }];
}

function attributeSource(command: AttributeSource, state: ExistingArticle): ArticleEvent[] {
  requireEditable(state, 'attributed');
  const { source } = command;
  if (source.name.trim() === '') throw new InvalidContent('a source needs a name', ['name']);
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
  if (state.status !== 'draft') {
    throw new InvalidTransition(`only a draft can be submitted for review; the article is ${state.status}`);
  }
  if (state.document.content.body.length === 0) {
    throw new InvalidContent('an article needs at least one body block before review', ['body']);
  }
  return [{ type: 'ArticleSubmitted', data: { submittedVersion: state.version }, ...context(command) }];
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

function publish(command: PublishArticle, state: ExistingArticle): ArticleEvent[] {
  if (state.status !== 'approved' || state.approval === null || state.approval.version < state.contentVersion) {
    throw new InvalidTransition(`publishing needs an approval of the current content; the article is ${state.status}`);
  }
  const kind = publicationKind(command, state);
  const note = command.note?.trim();
  if (kind === 'correction' && !note) {
    throw new InvalidContent('a correction needs a public note saying what was corrected', ['note']);
  }
  return [
    {
      type: 'ArticlePublished',
      data: { publishedVersion: state.version, kind, ...(note ? { note } : {}) },
      ...context(command),
    },
  ];
}

function publicationKind(command: PublishArticle, state: ExistingArticle): PublicationKind {
  if (state.publication === null) {
    if (command.kind !== undefined) {
      throw new InvalidContent(`a first publication is neither an update nor a correction`, ['kind']);
    }
    return 'first';
  }
  if (command.kind !== 'update' && command.kind !== 'correction') {
    throw new InvalidContent('republishing needs a kind: update or correction', ['kind']);
  }
  return command.kind;
}

type ExistingArticle = ArticleState & {
  readonly articleId: string;
  readonly document: NonNullable<ArticleState['document']>;
};

function existing(state: ArticleState): ExistingArticle {
  if (state.version === 0 || state.articleId === null || state.document === null) {
    throw new ArticleNotFound('article not found');
  }
  return state as ExistingArticle;
}

function requireEditable(state: ExistingArticle, verb: string): void {
  if (state.status === null || !EDITABLE_STATUSES.includes(state.status)) {
    throw new InvalidTransition(`an article that is ${state.status} cannot be ${verb}`);
  }
}

function requireRole(command: ArticleCommand): void {
  const role = ROLE_REQUIRED[command.type];
  if (!hasRole(command.actor, role)) {
    throw new NotPermitted(`${describe(command.actor)} may not do this: it takes the ${role} role`);
  }
}

const describe = (actor: Actor): string => `${actor.name} (${actor.roles.join(', ') || 'no roles'})`;

function context(command: { readonly actor: Actor; readonly at: string }): EventContext {
  return { actor: command.actor, occurredAt: command.at };
}

function assertNever(command: never): never {
  throw new Error(`unknown command ${JSON.stringify(command)}`);
}
