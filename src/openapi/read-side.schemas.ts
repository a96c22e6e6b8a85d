import type { ChangeRequest, LastPublication, PendingSchedule, PersonRef, ReasonedAct } from '../desk/desk-record';
import type { DeskArticleSummary } from '../desk/desk-articles.reader';
import type { ChainReport, BrokenLink } from '../event-store/chain-verifier';
import type { ArticleDiff, BlockChange, FieldChange, TextRun } from '../history/article-diff';
import type { ArticleVersionView } from '../history/article-version';
import type { AuditEntry } from '../history/audit-log.reader';
import type { VerifyReport } from '../history/audit-verifier';
import type { HistoryEntry } from '../history/history-entry';
import type { ColumnDifference, ReadModelReport, RowDifference, TableReport } from '../history/read-model-verifier';
import type { PublishedArticle, PublishedCorrection, Publication } from '../published/published-article';
import type { PublishedSummary } from '../published/published-articles.reader';
import {
  ARTICLE_STATUS,
  AUTHOR,
  BLOCK,
  CONTENT_FIELDS,
  LEAD_IMAGE,
  PERSON,
  PUBLICATION_KIND,
  RELATED_LINK,
  SOURCE,
} from './article.schemas';
import {
  anyValue,
  boolean,
  component,
  count,
  dateTime,
  integer,
  listOf,
  nullable,
  object,
  oneOfValues,
  optional,
  string,
  uuid,
  type Schema,
} from './json-schema';

/** The newsroom's and the public's lists, an article's past, the audit log and its verification. */

const nextCursor = (description = 'Opaque: pass it as `cursor` for the next page; null on the last page.'): Schema =>
  nullable(string({ description }));
const page = (name: string, item: Schema, description: string) =>
  component(
    name,
    object<{ items: unknown[]; nextCursor: string | null }>({ items: listOf(item), nextCursor: nextCursor() }, description),
  );
const actorOrNull = (): Schema => nullable(PERSON);

const reasonedAct = object<ReasonedAct>({ reason: nullable(string()), by: PERSON, at: dateTime() });

export const DESK_PAGE = page(
  'DeskPage',
  component(
    'DeskArticle',
    object<DeskArticleSummary>({
      id: uuid(),
      version: integer({ minimum: 1 }),
      status: ARTICLE_STATUS,
      headline: string(),
      slug: string(),
      section: string(),
      language: string(),
      tags: listOf(string()),
      authors: listOf(string(), 'The byline: the authors’ names.'),
      contributors: listOf(string(), 'Actor ids of everyone who drafted or changed the copy.'),
      createdBy: PERSON,
      createdAt: dateTime(),
      updatedBy: PERSON,
      updatedAt: dateTime(),
      live: boolean('The last publication is on the public site (false after an unpublish).'),
      firstPublishedAt: nullable(dateTime()),
      lastPublication: nullable(
        object<LastPublication>({
          version: integer({ minimum: 1 }),
          kind: PUBLICATION_KIND,
          note: nullable(string()),
          at: dateTime(),
          by: PERSON,
          scheduledFor: nullable(dateTime()),
          scheduledBy: nullable(object<PersonRef>({ id: string(), name: string() })),
        }),
      ),
      changeRequest: nullable(
        object<ChangeRequest>({
          reviewedVersion: integer({ minimum: 1 }),
          reason: nullable(string()),
          by: PERSON,
          at: dateTime(),
        }),
      ),
      schedule: nullable(
        object<PendingSchedule>({
          publishAt: dateTime(),
          kind: PUBLICATION_KIND,
          note: nullable(string()),
          by: PERSON,
          at: dateTime(),
        }),
      ),
      unpublished: nullable(reasonedAct),
      spiked: nullable(reasonedAct),
      commentCount: count(),
    }),
  ),
  'One page of the desk list, most recently changed first.',
);

export const HISTORY_PAGE = component(
  'HistoryPage',
  object<{ items: HistoryEntry[]; nextCursor: string | null }>(
    {
      items: listOf(
        component(
          'HistoryEntry',
          object<HistoryEntry>({
            version: integer({ minimum: 1 }),
            type: string({ description: 'The event type, such as ArticleDrafted.' }),
            summary: string(),
            readable: boolean('False for an event this version cannot interpret; it is listed with what could be read of it.'),
            actor: actorOrNull(),
            occurredAt: nullable(dateTime('When the command was issued (the service’s clock, covered by the hash chain).')),
            recordedAt: dateTime('When the database stored it.'),
            reason: nullable(string()),
            note: nullable(string({ description: 'The public correction note, or the text of an internal comment.' })),
            requestId: nullable(string()),
            commandId: nullable(string()),
            hash: string({ description: 'The event’s link in its stream’s hash chain (hex SHA-256).' }),
          }),
        ),
      ),
      nextCursor: nextCursor('The version to pass as `cursor` for the next page; null on the last page.'),
    },
    'One page of an article’s history, oldest first.',
  ),
);

export const ARTICLE_VERSION = component(
  'ArticleVersion',
  object<ArticleVersionView>(
    {
      id: uuid(),
      version: integer({ minimum: 1 }),
      status: ARTICLE_STATUS,
      ...CONTENT_FIELDS,
      sources: listOf(SOURCE),
      changedBy: actorOrNull(),
      occurredAt: nullable(dateTime()),
      recordedAt: dateTime(),
    },
    'The article as it stood at one version.',
  ),
);

const textRuns = listOf(
  object<TextRun>({ kind: oneOfValues(['unchanged', 'added', 'removed']), text: string() }),
  'Word by word.',
);
const blockTypes = (BLOCK as { discriminator: { mapping: Record<string, string> } }).discriminator.mapping;

export const ARTICLE_DIFF = component(
  'ArticleDiff',
  object<ArticleDiff>(
    {
      from: integer({ minimum: 1 }),
      to: integer({ minimum: 1 }),
      status: nullable(object<{ before: string; after: string }>({ before: ARTICLE_STATUS, after: ARTICLE_STATUS })),
      fields: listOf(
        object<FieldChange>({
          field: oneOfValues(Object.keys(CONTENT_FIELDS).filter((field) => field !== 'body')),
          before: anyValue('The field’s value in the older version.'),
          after: anyValue('The field’s value in the newer version.'),
          runs: optional(textRuns),
          added: optional(listOf(string())),
          removed: optional(listOf(string())),
        }),
      ),
      sources: object<ArticleDiff['sources']>({
        added: listOf(SOURCE),
        removed: listOf(SOURCE),
        changed: listOf(object<{ before: unknown; after: unknown }>({ before: SOURCE, after: SOURCE })),
      }),
      body: listOf(
        object<BlockChange>({
          blockId: string(),
          blockType: oneOfValues(Object.keys(blockTypes)),
          kind: oneOfValues(['added', 'removed', 'changed', 'moved']),
          moved: boolean('True when the block changed place among the blocks both versions have.'),
          position: object<BlockChange['position']>({ before: nullable(count()), after: nullable(count()) }),
          runs: optional(textRuns),
          attributes: optional(
            listOf(
              object<{ name: string; before: unknown; after: unknown }>({
                name: string(),
                before: anyValue('Before.'),
                after: anyValue('After.'),
              }),
            ),
          ),
        }),
      ),
    },
    'What changed between two versions.',
  ),
);

export const AUDIT_ENTRY = component(
  'AuditEntry',
  object<AuditEntry>({
    position: integer({ minimum: 1 }),
    streamId: string(),
    articleId: nullable(uuid()),
    version: integer({ minimum: 1 }),
    type: string(),
    schemaVersion: integer({ minimum: 1 }),
    summary: nullable(string()),
    actor: actorOrNull(),
    occurredAt: nullable(dateTime()),
    recordedAt: dateTime('With its microseconds, as the hash chain covers it.'),
    reason: nullable(string()),
    requestId: nullable(string()),
    commandId: nullable(string()),
    hash: string(),
  }),
);
export const AUDIT_PAGE = page('AuditPage', AUDIT_ENTRY, 'One page of the global event log, in commit order.');

export const VERIFY_REPORT = component(
  'VerifyReport',
  object<VerifyReport>({
    intact: boolean('Every chain checked holds and, when they were checked, every read model equals its replay.'),
    stream: nullable(string({ description: 'The one stream checked, or null for all of them.' })),
    chain: object<ChainReport>({
      intact: boolean(),
      streams: count(),
      events: count(),
      broken: count('Streams with a broken link; each is listed once, at its first broken link.'),
      brokenLinks: listOf(
        object<BrokenLink>({
          streamId: string(),
          version: integer({ minimum: 1 }),
          problem: oneOfValues(['altered', 'missing']),
          expectedHash: nullable(string()),
          foundHash: nullable(string()),
          detail: string(),
        }),
      ),
    }),
    readModels: nullable(
      object<ReadModelReport>({
        intact: boolean(),
        events: count('Events replayed: those some inline projection handles.'),
        consumers: listOf(
          object<ReadModelReport['consumers'][number]>({
            name: string(),
            upToPosition: count(),
            events: count(),
          }),
          'Each asynchronous consumer’s tables are compared with a replay up to its checkpoint.',
        ),
        tables: listOf(
          object<TableReport>({
            table: string(),
            rows: count(),
            differing: count(),
            firstDifference: nullable(
              object<RowDifference>({
                table: string(),
                key: string(),
                problem: oneOfValues(['different', 'missing', 'unexpected']),
                columns: listOf(
                  object<ColumnDifference>({
                    column: string(),
                    expected: anyValue('What a replay gives.'),
                    found: anyValue('What the table holds.'),
                  }),
                ),
                detail: string(),
              }),
            ),
            notCompared: listOf(
              object<TableReport['notCompared'][number]>({ columns: listOf(string()), why: string(), rows: count() }),
            ),
          }),
        ),
      }),
    ),
  }),
);

export const PUBLISHED_PAGE = page(
  'PublishedPage',
  component(
    'PublishedSummary',
    object<PublishedSummary>({
      slug: string(),
      headline: string(),
      standfirst: nullable(string()),
      section: string(),
      tags: listOf(string()),
      firstPublishedAt: dateTime(),
      updatedAt: dateTime(),
      authors: listOf(string()),
    }),
  ),
  'One page of the live articles, newest first.',
);

export const PUBLISHED_ARTICLE = component(
  'PublishedArticle',
  object<PublishedArticle>(
    {
      id: uuid(),
      slug: string(),
      headline: string(),
      standfirst: nullable(string()),
      section: string(),
      language: string(),
      tags: listOf(string()),
      authors: listOf(AUTHOR),
      body: listOf(BLOCK),
      leadImage: nullable(LEAD_IMAGE),
      imageCreditLine: nullable(string()),
      relatedLinks: listOf(RELATED_LINK),
      attributionLine: nullable(string()),
      sources: listOf(
        object<Pick<PublishedArticle['sources'][number], 'name' | 'role' | 'url'>>({
          name: string(),
          role: string(),
          url: optional(string({ format: 'uri' })),
        }),
        'Public attribution only: names, roles and links, not the desk’s internal notes.',
      ),
      firstPublishedAt: dateTime(),
      updatedAt: dateTime('When the latest publication went out.'),
      kind: PUBLICATION_KIND,
      version: integer({ minimum: 1, description: 'How many times the article went out.' }),
      corrections: listOf(
        object<PublishedCorrection>({ note: string(), correctedAt: dateTime() }),
        'Every correction ever published, oldest first.',
      ),
      publications: listOf(
        object<Publication>({ kind: PUBLICATION_KIND, at: dateTime(), note: optional(string()) }),
        'Every publication, oldest first.',
      ),
    },
    'The public representation of a live article.',
  ),
);

export const HEALTH = component(
  'Health',
  object<{ status: 'ok'; database?: 'ok'; projections?: Record<string, string> }>({
    status: oneOfValues(['ok']),
    database: optional(oneOfValues(['ok'])),
    projections: optional({
      type: 'object',
      description: 'Each asynchronous consumer’s state, reported and not judged: a paused consumer leaves the instance ready.',
      additionalProperties: oneOfValues(['running', 'retrying', 'paused', 'stopped']),
    }),
  }),
);
