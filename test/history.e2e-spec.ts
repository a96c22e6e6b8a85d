import { randomUUID } from 'node:crypto';
import { join } from 'node:path';
import type { Actor } from '../src/common/domain/actor';
import { loadSeedArticle } from '../src/demo/seed-article';
import { GENESIS_HASH, canonicalEvent, chainHash } from '../src/event-store/event-hash';
import { EventStore } from '../src/event-store/event-store';
import { ArticleDriver } from './support/desk-client';
import { authorizationsFor, people, startTestApp, type TestApp } from './support/test-app';

const seed = loadSeedArticle(join(__dirname, 'fixtures', 'seed-article.txt'));

let testApp: TestApp;
let as: Record<keyof typeof people, string>;

beforeAll(async () => {
  testApp = await startTestApp();
  as = await authorizationsFor(testApp);
});
afterAll(() => testApp.close());

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;
const pause = () => new Promise((resolve) => setTimeout(resolve, 5));

/** Recorded times with their microseconds, by version, as the database holds them. */
async function recordedTimes(articleId: string): Promise<Date[]> {
  const rows: { recorded_at: Date }[] = await testApp.dataSource.query(
    `SELECT recorded_at FROM events WHERE stream_id = $1 ORDER BY stream_version`,
    [`article-${articleId}`],
  );
  return rows.map((row) => row.recorded_at);
}

/**
 * One article through its life over HTTP: drafted by Eddie, a source attributed, edited by Erin,
 * a second source attributed and removed, submitted, approved by Rita, published by Paul.
 */
describe('an article’s history, versions and diffs', () => {
  const slug = `history-${Date.now()}`;
  const requestId = `req-${randomUUID()}`;
  let articleId: string;
  let version = 0;
  let original: { body: { id: string; text: string }[] };

  const write = async (method: 'post' | 'patch' | 'delete', path: string, who: string, body?: object) => {
    await pause();
    const http = testApp.http();
    const call = http[method](`/articles/${articleId}${path}`).set('authorization', who).set('if-match', `"${version}"`);
    const response = await (body ? call.send(body) : call).expect(method === 'post' && path === '/sources' ? 201 : 200);
    version += 1;
    return response;
  };

  beforeAll(async () => {
    const created = await testApp
      .http()
      .post('/articles')
      .set('authorization', as.eddie)
      .set('x-request-id', requestId)
      .send({ ...seed.draft, slug })
      .expect(201);
    articleId = created.body.id;
    original = created.body;
    version = 1;
    await write('post', '/sources', as.eddie, { name: 'Reuters', role: 'contributed' });
    await write('patch', '', as.erin, {
      headline: 'Belarus Cozies Up to China',
      body: original.body.map((block, index) => (index === 1 ? { ...block, text: `${block.text} Quietly.` } : block)),
    });
    const ap = await write('post', '/sources', as.erin, { name: 'AP', role: 'contributed' });
    await write('delete', `/sources/${ap.body.sources.find((source: { name: string }) => source.name === 'AP').id}`, as.erin);
    await write('post', '/submit', as.eddie, {});
    await write('post', '/approve', as.rita, {});
    await write('post', '/publish', as.paul);
  });

  it('lists every event with who, when, why and what, in words', async () => {
    const { body } = await testApp.http().get(`/articles/${articleId}/history`).set('authorization', as.audrey).expect(200);

    expect(body.nextCursor).toBeNull();
    expect(body.items.map((item: { version: number; type: string; summary: string; actor: object }) => item)).toMatchObject([
      {
        version: 1,
        type: 'ArticleDrafted',
        summary: `drafted “${seed.draft.headline}”`,
        actor: { id: 'eddie', name: 'Eddie Editor' },
      },
      { version: 2, type: 'SourceAttributed', summary: 'attributed Reuters (contributed)' },
      {
        version: 3,
        type: 'ArticleEdited',
        summary: 'edited headline and 1 paragraph',
        actor: { id: 'erin', name: 'Erin Editor' },
      },
      { version: 4, type: 'SourceAttributed', summary: 'attributed AP (contributed)' },
      { version: 5, type: 'SourceRemoved', summary: 'removed the source AP (contributed)' },
      { version: 6, type: 'ArticleSubmitted', summary: 'submitted version 5 for review' },
      { version: 7, type: 'ArticleApproved', summary: 'approved version 6', actor: { id: 'rita', name: 'Rita Reviewer' } },
      { version: 8, type: 'ArticlePublished', summary: 'published', actor: { id: 'paul', name: 'Paul Publisher' } },
    ]);
    const [first] = body.items;
    expect(first).toMatchObject({ requestId, commandId: expect.stringMatching(UUID), reason: null, note: null });
    expect(Date.parse(first.occurredAt)).toBeLessThanOrEqual(Date.parse(first.recordedAt));
    expect(first.hash).toMatch(/^[0-9a-f]{64}$/);
    expect(Object.keys(first).sort()).toEqual(
      [
        'actor',
        'commandId',
        'hash',
        'note',
        'occurredAt',
        'readable',
        'reason',
        'recordedAt',
        'requestId',
        'summary',
        'type',
        'version',
      ].sort(),
    );
  });

  it('pages by version with a cursor', async () => {
    const pages: number[][] = [];
    let cursor: string | null = '0';
    while (cursor !== null) {
      const { body }: { body: { items: { version: number }[]; nextCursor: string | null } } = await testApp
        .http()
        .get(`/articles/${articleId}/history?limit=3&cursor=${cursor}`)
        .set('authorization', as.rita)
        .expect(200);
      pages.push(body.items.map((item) => item.version));
      cursor = body.nextCursor;
    }
    expect(pages).toEqual([
      [1, 2, 3],
      [4, 5, 6],
      [7, 8],
    ]);
  });

  it('refuses a bad cursor or limit, and answers 404 for an article that does not exist', async () => {
    const bad = await testApp
      .http()
      .get(`/articles/${articleId}/history?cursor=x&limit=0`)
      .set('authorization', as.rita)
      .expect(400);
    expect(bad.headers['content-type']).toMatch(/^application\/problem\+json/);
    expect(bad.body.errors.map((error: { field: string }) => error.field).sort()).toEqual(['cursor', 'limit']);
    await testApp.http().get(`/articles/${randomUUID()}/history`).set('authorization', as.rita).expect(404);
    await testApp.http().get(`/articles/${articleId}/history`).expect(401);
    await testApp.http().get(`/articles/${articleId}/history`).set('authorization', as.nobody).expect(403);
  });

  it('records actor, time, request id and command id in every event written over HTTP', async () => {
    const rows: { metadata: Record<string, unknown> }[] = await testApp.dataSource.query(
      `SELECT metadata FROM events WHERE stream_id = $1 ORDER BY stream_version`,
      [`article-${articleId}`],
    );
    expect(rows).toHaveLength(8);
    const commandIds = new Set<unknown>();
    for (const { metadata } of rows) {
      expect(metadata).toMatchObject({
        eventId: expect.stringMatching(UUID),
        actor: { id: expect.any(String), name: expect.any(String), roles: expect.any(Array) },
        occurredAt: expect.stringMatching(/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\.\d{3}Z$/),
        requestId: expect.any(String),
        commandId: expect.stringMatching(UUID),
      });
      commandIds.add(metadata.commandId);
    }
    expect(rows[0].metadata.requestId).toBe(requestId);
    expect(commandIds.size).toBe(8);
  });

  it('shows any version as it stood, with its version as the ETag', async () => {
    const first = await testApp.http().get(`/articles/${articleId}/versions/1`).set('authorization', as.audrey).expect(200);
    expect(first.headers.etag).toBe('"1"');
    expect(first.body).toMatchObject({
      id: articleId,
      version: 1,
      status: 'draft',
      headline: seed.draft.headline,
      sources: [],
      changedBy: { id: 'eddie', name: 'Eddie Editor' },
    });
    expect(first.body.body).toEqual(original.body);

    const third = await testApp.http().get(`/articles/${articleId}/versions/3`).set('authorization', as.audrey).expect(200);
    expect(third.body).toMatchObject({ version: 3, headline: 'Belarus Cozies Up to China', sources: [{ name: 'Reuters' }] });
    expect(third.body.body[1].text).toBe(`${original.body[1].text} Quietly.`);

    const last = await testApp.http().get(`/articles/${articleId}/versions/8`).set('authorization', as.audrey).expect(200);
    expect(last.body.status).toBe('published');
  });

  it('answers 404 for a version that does not exist and 400 for one that is not a number', async () => {
    await testApp.http().get(`/articles/${articleId}/versions/9`).set('authorization', as.audrey).expect(404);
    await testApp.http().get(`/articles/${randomUUID()}/versions/1`).set('authorization', as.audrey).expect(404);
    for (const bad of ['0', 'x', '-1', '1.5']) {
      const response = await testApp
        .http()
        .get(`/articles/${articleId}/versions/${bad}`)
        .set('authorization', as.audrey)
        .expect(400);
      expect(response.body.errors).toEqual([{ field: 'version', messages: ['must be a positive whole number'] }]);
    }
  });

  it('shows the working state as of a time: the events recorded by then', async () => {
    const times = await recordedTimes(articleId);
    // The millisecond after version 3 was recorded (a Date drops the microseconds), before version 4.
    const afterThird = new Date(times[2].getTime() + 1);
    expect(afterThird.getTime()).toBeLessThan(times[3].getTime());

    const then = await testApp
      .http()
      .get(`/articles/${articleId}?asOf=${afterThird.toISOString()}`)
      .set('authorization', as.audrey)
      .expect(200);
    expect(then.headers.etag).toBe('"3"');
    expect(then.body).toMatchObject({ version: 3, status: 'draft', headline: 'Belarus Cozies Up to China', publication: null });

    const now = await testApp
      .http()
      .get(`/articles/${articleId}?asOf=${new Date().toISOString()}`)
      .set('authorization', as.audrey);
    expect(now.body).toMatchObject({ version: 8, status: 'published' });

    const before = new Date(times[0].getTime() - 1000).toISOString();
    const missing = await testApp.http().get(`/articles/${articleId}?asOf=${before}`).set('authorization', as.audrey).expect(404);
    expect(missing.body.detail).toMatch(/did not exist yet/);
  });

  it('refuses an asOf that is not a time with its zone', async () => {
    for (const bad of ['yesterday', '2026-11-28', '2026-11-28T12:00:00', '2026-13-40T12:00:00Z']) {
      const response = await testApp
        .http()
        .get(`/articles/${articleId}?asOf=${encodeURIComponent(bad)}`)
        .set('authorization', as.audrey)
        .expect(400);
      expect(response.headers['content-type']).toMatch(/^application\/problem\+json/);
      expect(response.body.errors[0].field).toBe('asOf');
    }
  });

  it('diffs two versions field by field and word by word', async () => {
    const { body } = await testApp
      .http()
      .get(`/articles/${articleId}/diff?from=1&to=8`)
      .set('authorization', as.eddie)
      .expect(200);

    expect(body).toMatchObject({ from: 1, to: 8, status: { before: 'draft', after: 'published' } });
    expect(body.fields).toEqual([
      {
        field: 'headline',
        before: seed.draft.headline,
        after: 'Belarus Cozies Up to China',
        runs: [
          { kind: 'removed', text: 'Russia’s Ally ' },
          { kind: 'unchanged', text: 'Belarus Cozies Up to China' },
        ],
      },
    ]);
    expect(body.sources.added).toMatchObject([{ name: 'Reuters', role: 'contributed' }]);
    expect(body.sources.removed).toEqual([]);
    expect(body.body).toEqual([
      {
        blockId: original.body[1].id,
        blockType: 'paragraph',
        kind: 'changed',
        moved: false,
        position: { before: 1, after: 1 },
        runs: [
          { kind: 'unchanged', text: `${original.body[1].text} ` },
          { kind: 'added', text: 'Quietly.' },
        ],
      },
    ]);
  });

  it('validates the versions it diffs', async () => {
    const diff = (query: string) => testApp.http().get(`/articles/${articleId}/diff?${query}`).set('authorization', as.eddie);
    expect((await diff('from=3&to=3').expect(400)).body.errors).toEqual([{ field: 'from', messages: ['must be less than to'] }]);
    await diff('from=4&to=2').expect(400);
    expect((await diff('to=2').expect(400)).body.errors[0].field).toBe('from');
    await diff('from=1&to=x').expect(400);
    await diff('from=1&to=9').expect(404);
    await testApp.http().get(`/articles/${randomUUID()}/diff?from=1&to=2`).set('authorization', as.eddie).expect(404);
  });
});

describe('the whole workflow, as the history tells it', () => {
  it('reads every kind of event written over HTTP, with its reason or note', async () => {
    const tokens = await ArticleDriver.tokensFor(testApp, Object.values(people));
    const { eddie, rita, paul } = people;
    const article = new ArticleDriver(testApp, tokens);
    const created = await article.create(eddie, { ...seed.draft, slug: `workflow-${Date.now()}` });
    const firstParagraph = created.body.body[0];
    const steps: [Actor, string, object?, ('post' | 'patch')?][] = [
      [eddie, 'submit'],
      [rita, 'request-changes', { reason: 'The second quote needs a source.' }],
      [eddie, 'comments', { text: 'Sourced it to the ministry.' }],
      [eddie, 'submit'],
      [rita, 'approve'],
      [paul, 'publish', { at: '2030-01-01T06:00:00Z' }],
      [paul, 'cancel-schedule', { reason: 'Embargo lifted.' }],
      [paul, 'publish'],
      [
        eddie,
        '',
        {
          body: created.body.body.map((block: { id: string }, index: number) =>
            index === 0 ? { ...block, text: 'Fixed.' } : block,
          ),
        },
        'patch',
      ],
      [eddie, 'submit'],
      [rita, 'approve'],
      [paul, 'publish', { kind: 'correction', note: 'An earlier version misdated the visit.' }],
      [paul, 'unpublish', { reason: 'Legal asked us to take it down.' }],
      [eddie, 'restore', { version: 1, reason: 'Back to the original wording.' }],
    ];
    for (const [who, action, body, method] of steps) {
      expect((await article.act(who, action, body, method)).status).toBeLessThan(300);
    }
    const abandoned = new ArticleDriver(testApp, tokens);
    await abandoned.create(eddie, { ...seed.draft, slug: `abandoned-${Date.now()}` });
    await abandoned.act(eddie, 'spike', { reason: 'The story is dead.' });

    const read = async (id: string) => {
      const { body } = await testApp.http().get(`/articles/${id}/history`).set('authorization', as.audrey).expect(200);
      return body.items.map(({ summary, reason, note }: { summary: string; reason: string; note: string }) => ({
        summary,
        reason,
        note,
      }));
    };
    expect((await read(article.id)).slice(1)).toEqual([
      { summary: 'submitted version 1 for review', reason: null, note: null },
      { summary: 'requested changes to version 2', reason: 'The second quote needs a source.', note: null },
      { summary: 'commented “Sourced it to the ministry.”', reason: null, note: 'Sourced it to the ministry.' },
      { summary: 'submitted version 4 for review', reason: null, note: null },
      { summary: 'approved version 5', reason: null, note: null },
      { summary: 'scheduled for 2030-01-01T06:00:00.000Z', reason: null, note: null },
      { summary: 'cancelled the publication scheduled for 2030-01-01T06:00:00.000Z', reason: 'Embargo lifted.', note: null },
      { summary: 'published', reason: null, note: null },
      { summary: 'edited 1 paragraph', reason: null, note: null },
      { summary: 'submitted version 10 for review', reason: null, note: null },
      { summary: 'approved version 11', reason: null, note: null },
      { summary: 'published as a correction', reason: null, note: 'An earlier version misdated the visit.' },
      { summary: 'unpublished version 12', reason: 'Legal asked us to take it down.', note: null },
      { summary: 'restored version 1 (1 paragraph)', reason: 'Back to the original wording.', note: null },
    ]);
    expect((await read(abandoned.id)).at(-1)).toEqual({ summary: 'spiked the draft', reason: 'The story is dead.', note: null });

    const restored = await testApp.http().get(`/articles/${article.id}/versions/15`).set('authorization', as.audrey).expect(200);
    expect(restored.body).toMatchObject({ status: 'draft', body: created.body.body });
    expect(firstParagraph.text).not.toBe('Fixed.');
  });

  it('reads an ArticleDrafted stored in its first shape (schema v1) as today’s', async () => {
    const articleId = randomUUID();
    const { body: current } = await testApp
      .http()
      .post('/articles')
      .set('authorization', as.eddie)
      .send({ ...seed.draft, slug: `v1-${Date.now()}` })
      .expect(201);
    const [stored]: { schema_version: number; data: Record<string, unknown> }[] = await testApp.dataSource.query(
      `SELECT schema_version, data FROM events WHERE stream_id = $1`,
      [`article-${current.id}`],
    );
    expect(stored.schema_version).toBe(2);
    expect(stored.data).not.toHaveProperty('articleId');

    // As the first release wrote it: the article's id repeated in the data, schema version 1.
    await testApp.app.get(EventStore).append(`article-${articleId}`, 'no_stream', [
      {
        eventId: randomUUID(),
        type: 'ArticleDrafted',
        schemaVersion: 1,
        data: { articleId, ...stored.data },
        metadata: { actor: people.eddie, occurredAt: new Date().toISOString(), requestId: 'r', commandId: randomUUID() },
      },
    ]);

    const { body: read } = await testApp.http().get(`/articles/${articleId}`).set('authorization', as.eddie).expect(200);
    expect(read).toMatchObject({ id: articleId, version: 1, status: 'draft', headline: current.headline, body: current.body });
    const { body: history } = await testApp
      .http()
      .get(`/articles/${articleId}/history`)
      .set('authorization', as.eddie)
      .expect(200);
    expect(history.items[0].summary).toBe(`drafted “${current.headline}”`);
    // Read, never rewritten.
    const [row]: { schema_version: number }[] = await testApp.dataSource.query(
      `SELECT schema_version FROM events WHERE stream_id = $1`,
      [`article-${articleId}`],
    );
    expect(row.schema_version).toBe(1);
  });
});

describe('the audit log', () => {
  let articleId: string;
  let other: string;

  beforeAll(async () => {
    const draft = async (who: string) =>
      (
        await testApp
          .http()
          .post('/articles')
          .set('authorization', who)
          .send({ ...seed.draft, slug: `audit-${randomUUID()}` })
          .expect(201)
      ).body.id as string;
    articleId = await draft(as.eddie);
    other = await draft(as.erin);
    await testApp
      .http()
      .post(`/articles/${articleId}/sources`)
      .set('authorization', as.erin)
      .set('if-match', '"1"')
      .send({ name: 'Reuters', role: 'contributed' })
      .expect(201);
    await testApp.http().post(`/articles/${articleId}/submit`).set('authorization', as.eddie).set('if-match', '"2"').expect(200);
  });

  const audit = (query: string, who = as.audrey) => testApp.http().get(`/audit${query}`).set('authorization', who);

  it('is for auditors and admins only', async () => {
    await testApp.http().get('/audit').expect(401);
    await testApp.http().get('/audit/verify').expect(401);
    for (const who of [as.eddie, as.rita, as.paul, as.nobody]) {
      const refused = await audit('', who).expect(403);
      expect(refused.headers['content-type']).toMatch(/^application\/problem\+json/);
      await testApp.http().get('/audit/verify').set('authorization', who).expect(403);
    }
    await audit('?limit=1', as.ada).expect(200);
  });

  it('filters by article, actor and type', async () => {
    const byArticle = await audit(`?article=${articleId}`).expect(200);
    expect(byArticle.body.items.map(({ version, type }: { version: number; type: string }) => [version, type])).toEqual([
      [1, 'ArticleDrafted'],
      [2, 'SourceAttributed'],
      [3, 'ArticleSubmitted'],
    ]);
    expect(byArticle.body.items[1]).toMatchObject({
      articleId,
      streamId: `article-${articleId}`,
      summary: 'attributed Reuters (contributed)',
      actor: { id: 'erin', name: 'Erin Editor' },
      schemaVersion: 1,
      hash: expect.stringMatching(/^[0-9a-f]{64}$/),
    });

    const byErin = await audit(`?actor=erin&article=${articleId}`).expect(200);
    expect(byErin.body.items.map((item: { type: string }) => item.type)).toEqual(['SourceAttributed']);

    const drafts = await audit(`?type=ArticleDrafted&actor=erin&limit=500`).expect(200);
    expect(drafts.body.items.map((item: { articleId: string }) => item.articleId)).toContain(other);
    expect(drafts.body.items.every((item: { type: string }) => item.type === 'ArticleDrafted')).toBe(true);

    const twoTypes = await audit(`?type=ArticleDrafted,ArticleSubmitted&article=${articleId}`).expect(200);
    expect(twoTypes.body.items.map((item: { version: number }) => item.version)).toEqual([1, 3]);
  });

  it('filters by the time the events were recorded', async () => {
    const times = await recordedTimes(articleId);
    const from = new Date(times[1].getTime()).toISOString();
    const { body } = await audit(`?article=${articleId}&from=${from}`).expect(200);
    // `from` is inclusive, but to the millisecond: version 2's microseconds put it at or after it.
    expect(body.items.map((item: { version: number }) => item.version)).toEqual([2, 3]);
    const before = await audit(`?article=${articleId}&to=${from}`).expect(200);
    expect(before.body.items.map((item: { version: number }) => item.version)).toEqual([1]);
  });

  it('pages with a cursor over the whole log without losing or repeating an event', async () => {
    const seen: number[] = [];
    let cursor: string | null = null;
    do {
      const response: { body: { items: { version: number }[]; nextCursor: string | null } } = await audit(
        `?article=${articleId}&limit=2${cursor ? `&cursor=${cursor}` : ''}`,
      ).expect(200);
      seen.push(...response.body.items.map((item) => item.version));
      cursor = response.body.nextCursor;
    } while (cursor !== null);
    expect(seen).toEqual([1, 2, 3]);
  });

  it('refuses bad filters with the fields named', async () => {
    const response = await audit('?type=Bogus&article=nope&from=yesterday&limit=0&cursor=zzz').expect(400);
    expect(response.body.errors.map((error: { field: string }) => error.field).sort()).toEqual([
      'article',
      'from',
      'limit',
      'type',
    ]);
    const cursor = await audit('?cursor=bm90LWEtY3Vyc29y').expect(400);
    expect(cursor.body.errors).toEqual([{ field: 'cursor', messages: ['unknown cursor'] }]);
  });

  it('exports as NDJSON, each line with the stored event, enough to check the chain elsewhere', async () => {
    const response = await audit(`?article=${articleId}`).set('accept', 'application/x-ndjson').expect(200);
    expect(response.headers['content-type']).toMatch(/^application\/x-ndjson/);
    const lines = response.text
      .trim()
      .split('\n')
      .map((line) => JSON.parse(line));
    expect(lines.map((line) => line.version)).toEqual([1, 2, 3]);
    let previous = GENESIS_HASH;
    for (const line of lines) {
      previous = chainHash(previous, canonicalEvent({ ...line, version: line.version }));
      expect(line.hash).toBe(previous.toString('hex'));
    }
  });

  it('streams an export longer than one batch, in order, without a gap or a repeat', async () => {
    const longId = randomUUID();
    const store = testApp.app.get(EventStore);
    const comment = () => {
      const eventId = randomUUID();
      return {
        eventId,
        type: 'CommentAdded',
        data: { commentId: randomUUID(), text: 'Checked.' },
        metadata: { eventId, actor: people.rita, occurredAt: new Date().toISOString(), requestId: 'r', commandId: randomUUID() },
      };
    };
    // 1,200 events: the export reads batches of 500, so this crosses two batch boundaries.
    for (let version = 0; version < 1_200; version += 400) {
      await store.append(`article-${longId}`, version === 0 ? 'no_stream' : version, Array.from({ length: 400 }, comment));
    }

    const response = await audit(`?article=${longId}`).set('accept', 'application/x-ndjson').expect(200);
    const versions = response.text
      .trim()
      .split('\n')
      .map((line) => (JSON.parse(line) as { version: number }).version);
    expect(versions).toEqual(Array.from({ length: 1_200 }, (_, index) => index + 1));
  });

  it('verifies every chain', async () => {
    const { body } = await testApp.http().get('/audit/verify').set('authorization', as.audrey).expect(200);
    expect(body).toMatchObject({
      intact: true,
      stream: null,
      chain: { intact: true, broken: 0, brokenLinks: [] },
      readModels: null,
    });
    expect(body.chain.events).toBeGreaterThan(0);
  });
});
