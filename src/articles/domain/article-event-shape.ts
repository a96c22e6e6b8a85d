import { ROLES } from '../../common/domain/actor';
import { blockFaults, contentFaults, contentFieldFaults, isRecord, sourceFaults } from './article-content.rules';

/*
 * What a stored article event must look like, after upcasting, for a reader to interpret it. Events
 * are immutable, and rows written before a rule existed (or by a newer Copydesk) can break it; every
 * reader checks here first and shows such an event as unreadable instead of failing on it.
 */

type Faults = string[];

const isVersion = (value: unknown): boolean => Number.isInteger(value) && (value as number) >= 1;
const isString = (value: unknown): boolean => typeof value === 'string';
const isTime = (value: unknown): boolean => typeof value === 'string' && !Number.isNaN(Date.parse(value));
const KINDS: readonly unknown[] = ['first', 'update', 'correction'];

function operationFaults(operation: unknown, path: string): Faults {
  if (!isRecord(operation)) return [path];
  const after = (value: unknown) => (value === null || isString(value) ? [] : [`${path}.after`]);
  switch (operation.op) {
    case 'insert':
      return [...after(operation.after), ...blockFaults(operation.block, `${path}.block`)];
    case 'replace':
      return blockFaults(operation.block, `${path}.block`);
    case 'move':
      return [...(isString(operation.id) ? [] : [`${path}.id`]), ...after(operation.after)];
    case 'remove':
      return isString(operation.id) ? [] : [`${path}.id`];
    default:
      return [`${path}.op`];
  }
}

function changeFaults(data: Record<string, unknown>): Faults {
  const faults: Faults = [];
  if (!isRecord(data.changes)) faults.push('changes');
  else faults.push(...contentFieldFaults(data.changes).map((field) => `changes.${field}`));
  if (!Array.isArray(data.bodyOperations)) faults.push('bodyOperations');
  else data.bodyOperations.forEach((operation, index) => faults.push(...operationFaults(operation, `bodyOperations[${index}]`)));
  return faults;
}

const check = (faults: Faults, ok: boolean, field: string) => (ok ? faults : [...faults, field]);

function dataFaults(type: string, data: Record<string, unknown>): Faults {
  switch (type) {
    case 'ArticleDrafted': {
      const { articleId: _articleId, ...content } = data;
      return contentFaults(content);
    }
    case 'ArticleEdited':
      return changeFaults(data);
    case 'RevisionRestored': {
      const faults = check(changeFaults(data), isVersion(data.restoredVersion), 'restoredVersion');
      if (data.sources === undefined) return faults;
      if (!Array.isArray(data.sources)) return [...faults, 'sources'];
      return [...faults, ...data.sources.flatMap((source, index) => sourceFaults(source, `sources[${index}]`))];
    }
    case 'SourceAttributed':
      return sourceFaults(data.source);
    case 'SourceRemoved':
      return check([], isString(data.sourceId), 'sourceId');
    case 'ArticleSubmitted':
      return check([], isVersion(data.submittedVersion), 'submittedVersion');
    case 'ChangesRequested':
      return check([], isVersion(data.reviewedVersion), 'reviewedVersion');
    case 'ArticleApproved':
      return check([], isVersion(data.approvedVersion), 'approvedVersion');
    case 'PublicationScheduled': {
      const faults = check(check([], isVersion(data.approvedVersion), 'approvedVersion'), isTime(data.publishAt), 'publishAt');
      return check(check(faults, KINDS.includes(data.kind), 'kind'), data.note === undefined || isString(data.note), 'note');
    }
    case 'ScheduleCancelled':
      return check([], isTime(data.publishAt), 'publishAt');
    case 'ArticlePublished': {
      let faults = check([], isVersion(data.publishedVersion), 'publishedVersion');
      faults = check(faults, KINDS.includes(data.kind), 'kind');
      faults = check(faults, data.note === undefined || isString(data.note), 'note');
      faults = check(faults, data.scheduledFor === undefined || isTime(data.scheduledFor), 'scheduledFor');
      const by = data.scheduledBy;
      return check(faults, by === undefined || (isRecord(by) && isString(by.id) && isString(by.name)), 'scheduledBy');
    }
    case 'ArticleUnpublished':
      return check([], isVersion(data.publishedVersion), 'publishedVersion');
    case 'CommentAdded':
      return check(check([], isString(data.commentId), 'commentId'), isString(data.text), 'text');
    case 'ArticleSpiked':
      return [];
    default:
      return ['type'];
  }
}

function metadataFaults(metadata: Record<string, unknown>): Faults {
  const { actor } = metadata;
  const actorOk =
    isRecord(actor) &&
    isString(actor.id) &&
    isString(actor.name) &&
    Array.isArray(actor.roles) &&
    actor.roles.every((role) => (ROLES as readonly unknown[]).includes(role));
  let faults = check([], actorOk, 'metadata.actor');
  faults = check(faults, isTime(metadata.occurredAt), 'metadata.occurredAt');
  return check(faults, metadata.reason === undefined || isString(metadata.reason), 'metadata.reason');
}

/** Every reason a stored article event (already upcast) cannot be interpreted; none means it can. */
export function storedEventFaults(type: string, data: unknown, metadata: unknown): Faults {
  const faults = isRecord(data) ? dataFaults(type, data).map((field) => `data.${field}`) : ['data'];
  return [...faults, ...(isRecord(metadata) ? metadataFaults(metadata) : ['metadata'])];
}
