import { randomUUID } from 'node:crypto';
import { join } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { articleStreamId } from '../src/articles/domain/article.events';
import type { ParagraphBlock } from '../src/articles/domain/article.types';
import { loadSeedArticle } from '../src/demo/seed-article';
import { EventStore } from '../src/event-store/event-store';
import { InlineProjections } from '../src/event-store/inline-projections';
import type { RecordedEvent } from '../src/event-store/recorded-event';
import { ScheduledPublisher } from '../src/scheduling/scheduled-publisher';
import { people, startTestApp, type TestApp, authorizationsFor } from './support/test-app';

const seed = loadSeedArticle(join(__dirname, 'fixtures', 'seed-article.txt'));
/** Each run's words and sections are its own, so other specs' articles never match these filters. */
const run = randomUUID().slice(0, 8);

let testApp: TestApp;
let store: EventStore;
let as: Record<keyof typeof people, string>;

beforeAll(async () => {
  testApp = await startTestApp();
  store = testApp.app.get(EventStore);
  as = await authorizationsFor(testApp);
});
afterAll(() => testApp.close());

interface Draft {
  id: string;
  version: number;
  slug: string;
  /** The seed's blocks; the first one is a paragraph, the one these specs edit. */
  body: ParagraphBlock[];
}

async function createDraft(author: keyof typeof people, overrides: Record<string, unknown> = {}): Promise<Draft> {
  const slug = `read-sides-${run}-${randomUUID().slice(0, 8)}`;
  const { body } = await testApp
    .http()
    .post('/articles')
    .set('authorization', as[author])
    .send({ ...seed.draft, slug, ...overrides })
    .expect(201);
  return { id: body.id, version: 1, slug, body: body.body };
}

/** A write over HTTP based on the draft's current version; the draft follows the new version. */
async function write(
  draft: Draft,
  who: keyof typeof people,
  method: 'post' | 'patch',
  path: string,
  body: object = {},
  status = 200,
): Promise<Record<string, unknown>> {
  const agent = testApp.http();
  const response = await agent[method](`/articles/${draft.id}${path}`)
    .set('authorization', as[who])
    .set('if-match', `"${draft.version}"`)
    .send(body)
    .expect(status);
  draft.version = response.body.version;
  return response.body;
}

/** A comment creates something, so it answers 201. */
const comment = (draft: Draft, who: keyof typeof people, text: string) => write(draft, who, 'post', '/comments', { text }, 201);

/**
 * The article's latest event, which must be of `type`: its stored time and actor are what the read
 * models show. The draft follows its version (the scheduler writes without the test's help).
 */
async function lastEvent(draft: Draft, type: string): Promise<RecordedEvent> {
  const event = (await store.readStream(articleStreamId(draft.id))).at(-1)!;
  expect(event.type).toBe(type);
  draft.version = event.streamVersion;
  return event;
}

async function waitFor(check: () => Promise<boolean>, what: string, timeoutMs = 15_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!(await check())) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await sleep(50);
  }
}

async function publish(draft: Draft, body: object = {}): Promise<void> {
  await write(draft, 'eddie', 'post', '/submit');
  await write(draft, 'rita', 'post', '/approve');
  await write(draft, 'paul', 'post', '/publish', body);
}

const editFirstParagraph = (draft: Draft, who: keyof typeof people, text: string) =>
  write(draft, who, 'patch', '', { body: [{ ...draft.body[0], text }, ...draft.body.slice(1)] });

async function desk(query: string, who: keyof typeof people = 'rita') {
  const response = await testApp.http().get(`/articles?${query}`).set('authorization', as[who]);
  return response;
}
const deskIds = async (query: string, who: keyof typeof people = 'rita'): Promise<string[]> => {
  const response = await desk(query, who);
  expect(response.status).toBe(200);
  return response.body.items.map((item: { id: string }) => item.id);
};
const deskItem = async (draft: Draft, section: string) =>
  (await desk(`section=${section}&limit=100`)).body.items.find((item: { id: string }) => item.id === draft.id);

describe('desk queues', () => {
  const section = `Queues-${run}`;
  let eddiesDraft: Draft;
  let erinsSubmission: Draft;
  let sentBack: Draft;

  beforeAll(async () => {
    eddiesDraft = await createDraft('eddie', { section });
    erinsSubmission = await createDraft('erin', { section });
    await write(erinsSubmission, 'erin', 'post', '/submit');
    sentBack = await createDraft('eddie', { section });
    await write(sentBack, 'eddie', 'post', '/submit');
    await write(sentBack, 'rita', 'post', '/request-changes', { reason: 'Source the quote' });
    await editFirstParagraph(sentBack, 'erin', 'Lukashenko met Xi in Beijing, Xinhua reported.');
  });

  it('"awaiting review" is one query: status=in_review', async () => {
    expect(await deskIds(`status=in_review&section=${section}`)).toEqual([erinsSubmission.id]);
  });

  it('takes several statuses, comma-separated or repeated, newest change first', async () => {
    expect(await deskIds(`status=draft,changes_requested&section=${section}`)).toEqual([sentBack.id, eddiesDraft.id]);
    expect(await deskIds(`status=draft&status=changes_requested&section=${section}`)).toEqual([sentBack.id, eddiesDraft.id]);
  });

  it('"my drafts" is one query: status=draft,changes_requested&author=me, for whoever drafted or changed the copy', async () => {
    expect(await deskIds(`status=draft,changes_requested&author=me&section=${section}`, 'eddie')).toEqual([
      sentBack.id,
      eddiesDraft.id,
    ]);
    // Erin only edited the piece sent back; her own article is in review, not among her drafts.
    expect(await deskIds(`status=draft,changes_requested&author=me&section=${section}`, 'erin')).toEqual([sentBack.id]);
    expect(await deskIds(`author=erin&section=${section}`)).toEqual([sentBack.id, erinsSubmission.id]);
    // The reviewer who asked for changes wrote none of the copy.
    expect(await deskIds(`author=me&section=${section}`, 'rita')).toEqual([]);
  });

  it('finds articles by part of a byline, any case, with % and _ taken literally', async () => {
    const bylined = await createDraft('eddie', { section, authors: [{ name: `Zofia Przybylska ${run}` }] });
    expect(await deskIds(`byline=przybylska&section=${section}`)).toEqual([bylined.id]);
    expect(await deskIds(`byline=%25&section=${section}`)).toEqual([]);
    expect(await deskIds(`byline=_&section=${section}`)).toEqual([]);
  });

  it('shows the change request (reason, reviewer, time) while changes are requested', async () => {
    const item = await deskItem(sentBack, section);
    expect(item).toMatchObject({
      status: 'changes_requested',
      changeRequest: { reason: 'Source the quote', by: { id: 'rita', name: 'Rita Reviewer' }, reviewedVersion: 2 },
      contributors: ['eddie', 'erin'],
    });
    expect(Date.parse(item.changeRequest.at)).not.toBeNaN();
    expect((await deskItem(eddiesDraft, section)).changeRequest).toBeNull();
  });

  it('refuses an unknown status with a 400 naming status, and accepts every workflow status', async () => {
    for (const query of ['status=archived', 'status=draft,archived', 'status=', 'status=draft,']) {
      const response = await desk(query);
      expect(response.status).toBe(400);
      expect(response.headers['content-type']).toMatch(/^application\/problem\+json/);
      expect(response.body.errors.map((error: { field: string }) => error.field)).toEqual(['status']);
    }
    const every = 'draft,in_review,changes_requested,approved,scheduled,published,unpublished,spiked';
    expect(await deskIds(`status=${every}&section=${section}`)).toHaveLength(4);
  });

  it('refuses blank author, byline and q with a 400 naming them', async () => {
    const response = await desk('author=%20&byline=&q=%20%20');
    expect(response.status).toBe(400);
    expect(response.body.errors.map((error: { field: string }) => error.field).sort()).toEqual(['author', 'byline', 'q']);
  });
});

describe('desk text search', () => {
  const section = `Search-${run}`;
  const word = `kumquat${run}`;

  it('makes a row indexed from its headline alone (projected before the desk indexed the copy) searchable by its body once its words change', async () => {
    const draft = await createDraft('eddie', { section: `${section}-older` });
    await editFirstParagraph(draft, 'eddie', `An older row with a ${word}old in its body.`);
    // As the migrations left such rows: a vector of the headline alone, and marked so.
    await testApp.dataSource.query(
      `UPDATE desk_articles SET search_covers_headline_only = true, search_vector = to_tsvector('simple', headline)
       WHERE article_id = $1`,
      [draft.id],
    );
    expect(await deskIds(`q=${word}old`)).toEqual([]);
    // Tags are not words of the copy: the row stays as it was.
    await write(draft, 'eddie', 'patch', '', { tags: ['retagged'] });
    expect(await deskIds(`q=${word}old`)).toEqual([]);
    await write(draft, 'eddie', 'patch', '', { headline: `A new headline ${run}` });
    expect(await deskIds(`q=${word}old`)).toEqual([draft.id]);
    const [row] = await testApp.dataSource.query(`SELECT search_covers_headline_only FROM desk_articles WHERE article_id = $1`, [
      draft.id,
    ]);
    expect(row.search_covers_headline_only).toBe(false);
  });

  it('finds a word in the body after a one-block edit, and forgets it when it is edited out', async () => {
    const draft = await createDraft('eddie', { section });
    const other = await createDraft('eddie', { section });
    expect(await deskIds(`q=${word}&section=${section}`)).toEqual([]);

    await editFirstParagraph(draft, 'eddie', `Lukashenko brought a ${word} to Beijing.`);
    expect(await deskIds(`q=${word}`)).toEqual([draft.id]);

    await editFirstParagraph(draft, 'eddie', 'Lukashenko brought nothing to Beijing.');
    expect(await deskIds(`q=${word}`)).toEqual([]);
    expect(await deskIds(`section=${section}`)).toEqual([draft.id, other.id]);
  });

  it('searches headline and standfirst, matches words as written in any language, and reads web search syntax', async () => {
    const headline = await createDraft('eddie', { section, headline: `Łukaszenka w Pekinie ${run}` });
    const standfirst = await createDraft('eddie', { section, standfirst: `Ein Staatsbesuch in Peking ${run}` });
    expect(await deskIds(`q=${encodeURIComponent(`pekinie ${run}`)}`)).toEqual([headline.id]);
    expect(await deskIds(`q=${encodeURIComponent(`staatsbesuch ${run}`)}`)).toEqual([standfirst.id]);
    expect(await deskIds(`q=${encodeURIComponent(`"in peking" ${run}`)}`)).toEqual([standfirst.id]);
    expect(await deskIds(`q=${encodeURIComponent(`${run} -staatsbesuch`)}&section=${section}`)).toEqual([headline.id]);
  });

  it('does not find words that are only in a link target', async () => {
    const draft = await createDraft('eddie', { section });
    await editFirstParagraph(draft, 'eddie', `See <a href="https://example.org/${word}-link">the report${run}</a>.`);
    expect(await deskIds(`q=${word}-link`)).toEqual([]);
    expect(await deskIds(`q=report${run}`)).toEqual([draft.id]);
  });
});

describe('desk cursor', () => {
  it('pages newest first without repeating an article when others are created or changed meanwhile', async () => {
    const section = `Paging-${run}`;
    const drafts: Draft[] = [];
    for (let index = 0; index < 4; index++) drafts.push(await createDraft('erin', { section }));
    const first = await desk(`section=${section}&limit=2`);
    expect(first.body.items.map((item: { id: string }) => item.id)).toEqual([drafts[3].id, drafts[2].id]);

    // An offset would now repeat drafts[2]; the keyset cursor continues after it.
    await createDraft('erin', { section });
    await editFirstParagraph(drafts[3], 'erin', 'Changed while the desk was paging.');
    const second = await desk(`section=${section}&limit=2&cursor=${first.body.nextCursor}`);
    expect(second.body.items.map((item: { id: string }) => item.id)).toEqual([drafts[1].id, drafts[0].id]);
    expect(second.body.nextCursor).toBeNull();
  });

  it('refuses a cursor it did not give out with a 400 naming cursor', async () => {
    const forged = Buffer.from(JSON.stringify({ updatedAt: 'yesterday', id: 'x' })).toString('base64url');
    for (const cursor of ['not-a-cursor', forged]) {
      const response = await desk(`cursor=${cursor}`);
      expect(response.status).toBe(400);
      expect(response.headers['content-type']).toMatch(/^application\/problem\+json/);
      expect(response.body.errors).toEqual([{ field: 'cursor', messages: ['unknown cursor'] }]);
    }
  });
});

describe('the desk row through the workflow', () => {
  const section = `Workflow-${run}`;

  it('shows the schedule while scheduled, then the live publication the scheduler fired and when it was due', async () => {
    const draft = await createDraft('eddie', { section });
    await write(draft, 'eddie', 'post', '/submit');
    await write(draft, 'rita', 'post', '/approve');
    // Due in a few seconds, so that the scheduler really fires it within the test.
    const publishAt = new Date(Date.now() + 3_000).toISOString();
    await write(draft, 'paul', 'post', '/publish', { at: publishAt });
    expect(await deskIds(`status=scheduled&section=${section}`)).toEqual([draft.id]);
    expect(await deskItem(draft, section)).toMatchObject({
      status: 'scheduled',
      schedule: { publishAt, kind: 'first', by: { id: 'paul' } },
      live: false,
      firstPublishedAt: null,
    });

    // The app's own poll may fire it first; either way the scheduler writes the publication.
    await sleep(Math.max(0, Date.parse(publishAt) - Date.now()));
    await testApp.app.get(ScheduledPublisher).publishDue();
    await waitFor(
      async () => (await store.readStream(articleStreamId(draft.id))).at(-1)!.type === 'ArticlePublished',
      'the scheduled publication',
    );
    const fired = await lastEvent(draft, 'ArticlePublished');
    expect(fired.metadata).toMatchObject({ actor: { id: 'copydesk-scheduler' } });
    expect(fired.data).toMatchObject({ scheduledFor: publishAt, scheduledBy: { id: 'paul', name: 'Paul Publisher' } });
    const item = await deskItem(draft, section);
    expect(item).toMatchObject({
      status: 'published',
      schedule: null,
      live: true,
      firstPublishedAt: fired.metadata.occurredAt,
      lastPublication: {
        // The scheduler publishes the stream as it stands when due: drafted, submitted, approved, scheduled.
        version: 4,
        kind: 'first',
        at: fired.metadata.occurredAt,
        by: { id: 'copydesk-scheduler' },
        scheduledFor: publishAt,
        scheduledBy: { id: 'paul', name: 'Paul Publisher' },
      },
    });
    expect(Date.parse(item.lastPublication.at)).toBeGreaterThanOrEqual(Date.parse(publishAt));
  });

  it('shows an unpublish with its reason and time and no live publication; a comment only counts', async () => {
    const draft = await createDraft('eddie', { section });
    await publish(draft);
    const published = await deskItem(draft, section);
    await comment(draft, 'rita', 'Check the date');
    await comment(draft, 'eddie', 'Checked');
    await write(draft, 'paul', 'post', '/unpublish', { reason: 'Legal hold' });
    const unpublished = await lastEvent(draft, 'ArticleUnpublished');

    const item = await deskItem(draft, section);
    expect(item).toMatchObject({
      status: 'unpublished',
      live: false,
      firstPublishedAt: published.firstPublishedAt,
      unpublished: { reason: 'Legal hold', by: { id: 'paul', name: 'Paul Publisher' }, at: unpublished.metadata.occurredAt },
      commentCount: 2,
      contributors: ['eddie'],
    });
    expect(await deskIds(`status=unpublished&section=${section}`)).toEqual([draft.id]);
  });

  it('shows a spike with its reason', async () => {
    const draft = await createDraft('eddie', { section });
    await write(draft, 'eddie', 'post', '/spike', { reason: 'Story fell through' });
    const spiked = await lastEvent(draft, 'ArticleSpiked');
    expect(await deskIds(`status=spiked&section=${section}`)).toEqual([draft.id]);
    expect((await deskItem(draft, section)).spiked).toEqual({
      reason: 'Story fell through',
      by: { id: 'eddie', name: 'Eddie Editor' },
      at: spiked.metadata.occurredAt,
    });
  });

  it('takes a restored revision as an edit by the restorer, searchable by the restored words', async () => {
    const draft = await createDraft('eddie', { section });
    await editFirstParagraph(draft, 'eddie', `Restored ${run}: the paragraph as it should read.`);
    const good = draft.version;
    await editFirstParagraph(draft, 'eddie', 'A paragraph that went wrong.');
    const restoredWords = `q=${encodeURIComponent(`restored ${run}`)}`;
    expect(await deskIds(restoredWords)).toEqual([]);
    expect(await deskIds(`${restoredWords}&author=erin`)).toEqual([]);

    await write(draft, 'erin', 'post', '/restore', { version: good, reason: 'The edit broke the lede' });
    expect(await deskIds(`${restoredWords}&author=erin`)).toEqual([draft.id]);
  });
});

describe('the published site', () => {
  const section = `Public-${run}`;

  it('lists every correction with its note and time, kept through updates, an unpublish and a republication', async () => {
    const draft = await createDraft('eddie', { section });
    await publish(draft);
    await editFirstParagraph(draft, 'eddie', 'The visit was in February 2023.');
    await publish(draft, { kind: 'correction', note: 'An earlier version misdated the visit.' });
    const corrected = await testApp.http().get(`/published/${draft.slug}`).expect(200);
    expect(corrected.body.kind).toBe('correction');
    expect(corrected.body.corrections).toEqual([
      { note: 'An earlier version misdated the visit.', correctedAt: corrected.body.updatedAt },
    ]);
    expect(corrected.body.updatedAt).not.toBe(corrected.body.firstPublishedAt);

    await editFirstParagraph(draft, 'eddie', 'The visit was in February 2023, in Beijing.');
    await publish(draft, { kind: 'update' });
    const updated = await testApp.http().get(`/published/${draft.slug}`).expect(200);
    expect(updated.body.kind).toBe('update');
    expect(updated.body.corrections).toEqual(corrected.body.corrections);

    await write(draft, 'paul', 'post', '/unpublish', { reason: 'Legal' });
    await testApp.http().get(`/published/${draft.slug}`).expect(410);
    await republish(draft);
    const back = await testApp.http().get(`/published/${draft.slug}`).expect(200);
    expect(back.body.corrections).toEqual(corrected.body.corrections);
  });

  it('answers 410 Gone after an unpublish, saying when but not why, and keeps the slug taken', async () => {
    const draft = await createDraft('eddie', { section, tags: [`tag-${run}`] });
    await editFirstParagraph(draft, 'eddie', `The ${run}withdrawn story.`);
    await publish(draft);
    await write(draft, 'paul', 'post', '/unpublish', { reason: 'Secret legal matter' });
    const unpublished = await lastEvent(draft, 'ArticleUnpublished');

    const gone = await testApp.http().get(`/published/${draft.slug}`).expect(410);
    expect(gone.headers['content-type']).toMatch(/^application\/problem\+json/);
    expect(gone.body).toMatchObject({
      status: 410,
      title: 'Gone',
      detail: `the article at ${draft.slug} was withdrawn on ${unpublished.metadata.occurredAt}`,
      withdrawnAt: unpublished.metadata.occurredAt,
    });
    expect(JSON.stringify(gone.body)).not.toMatch(/Secret legal matter/);

    const listed = async (query: string) =>
      (await testApp.http().get(`/published?${query}&limit=100`).expect(200)).body.items.map(
        (item: { slug: string }) => item.slug,
      );
    expect(await listed(`section=${section}`)).not.toContain(draft.slug);
    expect(await listed(`tag=tag-${run}`)).toEqual([]);
    expect(await listed(`q=${run}withdrawn`)).toEqual([]);

    // Another article cannot take the withdrawn article's URL.
    const impostor = await createDraft('erin', { section });
    await write(impostor, 'erin', 'patch', '', { slug: draft.slug });
    await write(impostor, 'erin', 'post', '/submit');
    await write(impostor, 'rita', 'post', '/approve');
    const taken = await testApp
      .http()
      .post(`/articles/${impostor.id}/publish`)
      .set('authorization', as.paul)
      .set('if-match', `"${impostor.version}"`)
      .expect(409);
    expect(taken.body.type).toBe('https://copydesk.dev/problems/slug-taken');

    await republish(draft);
    await testApp.http().get(`/published/${draft.slug}`).expect(200);
    expect(await listed(`tag=tag-${run}`)).toEqual([draft.slug]);
    expect(await listed(`q=${run}withdrawn`)).toEqual([draft.slug]);
  });

  it('filters the public list by text and by tag', async () => {
    const tagged = await createDraft('eddie', { section, tags: [`only-${run}`] });
    await publish(tagged);
    const worded = await createDraft('eddie', { section });
    await editFirstParagraph(worded, 'eddie', `A rare word: quince${run}.`);
    await publish(worded);
    const slugs = async (query: string) =>
      (await testApp.http().get(`/published?${query}`).expect(200)).body.items.map((item: { slug: string }) => item.slug);
    expect(await slugs(`tag=only-${run}`)).toEqual([tagged.slug]);
    expect(await slugs(`q=quince${run}`)).toEqual([worded.slug]);
    expect(await slugs(`q=quince${run}&tag=only-${run}`)).toEqual([]);

    const blank = await testApp.http().get('/published?q=%20').expect(400);
    expect(blank.body.errors.map((error: { field: string }) => error.field)).toEqual(['q']);
  });
});

/** The way back after an unpublish: through review again, and out as a later publication. */
const republish = (draft: Draft) => publish(draft, { kind: 'update' });

describe('replaying events', () => {
  it('changes neither the desk row nor the published row when every event is applied a second time', async () => {
    const section = `Replay-${run}`;
    const draft = await createDraft('eddie', { section });
    await publish(draft);
    await editFirstParagraph(draft, 'erin', 'A second version.');
    await publish(draft, { kind: 'correction', note: 'Corrected.' });
    await comment(draft, 'rita', 'Note');
    await write(draft, 'paul', 'post', '/unpublish', { reason: 'Why' });
    // Live again at the end, so a replayed unpublish or an older publication would show.
    await republish(draft);

    const rows = async () => {
      const [deskRow] = await testApp.dataSource.query(`SELECT to_jsonb(d) AS row FROM desk_articles d WHERE article_id = $1`, [
        draft.id,
      ]);
      const [publishedRow] = await testApp.dataSource.query(
        `SELECT to_jsonb(p) AS row FROM published_articles p WHERE article_id = $1`,
        [draft.id],
      );
      return { desk: deskRow.row, published: publishedRow.row };
    };
    const before = await rows();
    expect(before.published).toMatchObject({ unpublished_at: null, document: { corrections: [{ note: 'Corrected.' }] } });
    expect(before.desk).toMatchObject({ status: 'published', live: true, comment_count: 1, unpublished: null });

    const projections = testApp.app.get(InlineProjections);
    // One event at a time, each checked on its own: a later event must not hide what a replay broke.
    for (const event of await store.readStream(articleStreamId(draft.id))) {
      await store.inTransaction(async (runner) => {
        await projections.apply(event, store.projectionTransaction(runner));
      });
      expect({ replayed: event.type, ...(await rows()) }).toEqual({ replayed: event.type, ...before });
    }
  });
});
