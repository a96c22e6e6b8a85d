import { join } from 'node:path';
import { loadSeedArticle } from '../src/demo/seed-article';
import { ArticleDriver } from './support/desk-client';
import { eventCount, people, startTestApp, type TestApp } from './support/test-app';

const seed = loadSeedArticle(join(__dirname, 'fixtures', 'seed-article.txt'));
const { eddie, erin, rita, eve, paul } = people;

let testApp: TestApp;
let tokens: Map<string, string>;
let counter = 0;

beforeAll(async () => {
  testApp = await startTestApp();
  tokens = await ArticleDriver.tokensFor(testApp, Object.values(people));
});
afterAll(() => testApp.close());

/** A fresh seed article under its own slug, drafted by Eddie. */
async function draftArticle(): Promise<ArticleDriver> {
  const article = new ArticleDriver(testApp, tokens);
  counter += 1;
  const response = await article.create(eddie, { ...seed.draft, slug: `workflow-${Date.now()}-${counter}` });
  expect(response.status).toBe(201);
  return article;
}

async function approvedArticle(): Promise<ArticleDriver> {
  const article = await draftArticle();
  expect((await article.act(eddie, 'submit')).status).toBe(200);
  expect((await article.act(rita, 'approve')).status).toBe(200);
  return article;
}

async function publishedArticle(): Promise<ArticleDriver> {
  const article = await approvedArticle();
  expect((await article.act(paul, 'publish')).status).toBe(200);
  return article;
}

describe('the review loop', () => {
  it('sends an article back with a reason the editors see, then takes the resubmitted version', async () => {
    const article = await draftArticle();
    await article.act(eddie, 'submit');
    const sentBack = await article.act(rita, 'request-changes', { reason: 'Source the claim in paragraph two.' });
    expect(sentBack.status).toBe(200);
    expect(sentBack.body.status).toBe('changes_requested');

    const { body } = await article.read(eddie);
    expect(body.changeRequest).toMatchObject({
      reason: 'Source the claim in paragraph two.',
      by: { id: 'rita', name: rita.name },
      reviewedVersion: 2,
    });

    expect((await article.edit(eddie, { standfirst: 'Now with a source.' })).body.status).toBe('changes_requested');
    expect((await article.act(eddie, 'submit')).body.status).toBe('in_review');
    const approval = await article.act(rita, 'approve');
    expect(approval.body).toMatchObject({ status: 'approved', approval: { version: 5 }, changeRequest: null });

    const [requested] = (await article.events()).filter((event) => event.type === 'ChangesRequested');
    expect(requested.metadata.reason).toBe('Source the claim in paragraph two.');
  });

  it('refuses a request for changes without a reason, writing nothing', async () => {
    const article = await draftArticle();
    await article.act(eddie, 'submit');
    for (const body of [{}, { reason: '' }, { reason: '   ' }, { reason: '<b></b>' }]) {
      const response = await article.act(rita, 'request-changes', body);
      expect(response.status).toBe(400);
      expect(response.headers['content-type']).toMatch(/application\/problem\+json/);
      expect(response.body.errors.map((error: { field: string }) => error.field)).toEqual(['reason']);
    }
    expect(await eventCount(testApp.dataSource, article.id)).toBe(2);
  });

  it('keeps four eyes through the loop: a reviewer who edited the piece may not approve it', async () => {
    const article = await draftArticle();
    await article.act(eddie, 'submit');
    await article.act(rita, 'request-changes', { reason: 'Tighten the intro.' });
    await article.edit(eve, { standfirst: 'Eve tightened it.' });
    await article.act(eddie, 'submit');
    const refused = await article.act(eve, 'approve');
    expect(refused.status).toBe(403);
    expect(refused.body.detail).toMatch(/four eyes/);
    expect((await article.act(rita, 'approve')).status).toBe(200);
  });

  it('binds the approval to its version: an edit after approval means no publication', async () => {
    const article = await approvedArticle();
    await article.edit(erin, { headline: 'A late change' });
    const refused = await article.act(paul, 'publish');
    expect(refused.status).toBe(409);
    expect(refused.body.detail).toMatch(/approval of the current content/);
  });
});

describe('the working version of a published article and corrections', () => {
  it('keeps the public version until the correction is approved and republished with its note', async () => {
    const article = await publishedArticle();
    const slug = (await article.read(eddie)).body.slug;
    await article.edit(eddie, { headline: 'Belarus’s Lukashenko Cozies Up to China' });

    const stillLive = await testApp.http().get(`/published/${slug}`).expect(200);
    expect(stillLive.body.headline).toBe(seed.draft.headline);

    await article.act(eddie, 'submit');
    await article.act(rita, 'approve');
    const noNote = await article.act(paul, 'publish', { kind: 'correction' });
    expect(noNote.status).toBe(422);
    expect(noNote.body.errors?.map((error: { field: string }) => error.field) ?? noNote.body.fields).toEqual(['note']);

    const corrected = await article.act(paul, 'publish', {
      kind: 'correction',
      note: 'An earlier version named the wrong ally.',
    });
    expect(corrected.status).toBe(200);
    expect(corrected.body.publication).toMatchObject({ kind: 'correction', live: true });
    const live = await testApp.http().get(`/published/${slug}`).expect(200);
    expect(live.body).toMatchObject({
      headline: 'Belarus’s Lukashenko Cozies Up to China',
      kind: 'correction',
      corrections: [{ note: 'An earlier version named the wrong ally.' }],
    });
  });
});

describe('unpublishing', () => {
  it('needs a publisher and a reason, and can be undone through the normal path', async () => {
    const article = await publishedArticle();
    const { firstPublishedAt } = (await article.read(eddie)).body.publication;
    expect((await article.act(paul, 'unpublish', {})).status).toBe(400);
    expect((await article.act(eddie, 'unpublish', { reason: 'Legal.' })).status).toBe(403);
    const unpublished = await article.act(paul, 'unpublish', { reason: 'Legal asked us to withdraw it.' });
    expect(unpublished.status).toBe(200);
    expect(unpublished.body).toMatchObject({ status: 'unpublished', publication: { live: false } });
    expect((await article.act(paul, 'unpublish', { reason: 'Again.' })).status).toBe(409);

    const slug = unpublished.body.slug as string;
    const gone = await testApp.http().get(`/published/${slug}`).expect(410);
    expect(gone.body.detail).toMatch(/withdrawn/);
    expect(JSON.stringify(gone.body)).not.toMatch(/Legal asked/);
    const list = await testApp.http().get('/published?limit=100').expect(200);
    expect(list.body.items.map((item: { slug: string }) => item.slug)).not.toContain(slug);

    await article.act(eddie, 'submit');
    await article.act(rita, 'approve');
    const republished = await article.act(paul, 'publish', { kind: 'update' });
    expect(republished.body).toMatchObject({ status: 'published', publication: { live: true, kind: 'update' } });
    const backOnline = await testApp.http().get(`/published/${slug}`).expect(200);
    // Republishing is not a first publication: both the public page and the desk keep the first date.
    expect(backOnline.body.firstPublishedAt).toBe(firstPublishedAt);
    const desk = await testApp.http().get('/articles?status=published&limit=100').set('authorization', tokens.get('rita')!);
    expect(desk.body.items.find((item: { id: string }) => item.id === article.id).firstPublishedAt).toBe(firstPublishedAt);
  });
});

describe('restoring an earlier version', () => {
  it('brings back what that version said as a new edit, with the reason, and leaves publication alone', async () => {
    const article = await publishedArticle();
    const published = (await article.read(eddie)).body;
    await article.edit(eddie, { headline: 'A headline nobody approved', body: published.body.slice(1) });
    const restored = await article.act(erin, 'restore', { version: 1, reason: 'The edit dropped the opening paragraph.' });
    expect(restored.status).toBe(200);
    expect(restored.body).toMatchObject({
      headline: published.headline,
      body: published.body,
      status: 'draft',
      publication: { live: true, version: published.publication.version },
    });
    const last = (await article.events()).at(-1)!;
    expect(last).toMatchObject({
      type: 'RevisionRestored',
      data: { restoredVersion: 1 },
      metadata: { reason: 'The edit dropped the opening paragraph.', actor: { id: 'erin' } },
    });
    // An auditor reads who did what and why, and what version 1 said, from the API alone.
    const auditor = tokens.get('audrey')!;
    const history = await testApp.http().get(`/articles/${article.id}/history`).set('authorization', auditor).expect(200);
    expect(history.body.items.at(-1)).toMatchObject({
      type: 'RevisionRestored',
      actor: { id: 'erin' },
      reason: 'The edit dropped the opening paragraph.',
    });
    expect(history.body.items.at(-1).summary).toMatch(/^restored version 1/);
    const first = await testApp.http().get(`/articles/${article.id}/versions/1`).set('authorization', auditor).expect(200);
    expect(first.body.headline).toBe(published.headline);

    // Restoring is an edit: Erin may not approve what she restored.
    await article.act(eddie, 'submit');
    const erinAsReviewer = { ...erin, id: 'erin', roles: ['editor', 'reviewer'] } as const;
    tokens.set('erin-reviewer', `Bearer ${await testApp.tokenFor(erinAsReviewer)}`);
    const selfApproval = await testApp
      .http()
      .post(`/articles/${article.id}/approve`)
      .set('authorization', tokens.get('erin-reviewer')!)
      .set('if-match', `"${article.version}"`);
    expect(selfApproval.status).toBe(403);
  });

  it('refuses a version that does not exist, one equal to now, and a missing reason, writing nothing', async () => {
    const article = await draftArticle();
    const before = await eventCount(testApp.dataSource, article.id);
    const missing = await article.act(eddie, 'restore', { version: 7, reason: 'Why not.' });
    expect(missing.status).toBe(422);
    expect((await article.act(eddie, 'restore', { version: 1, reason: 'Nothing changed.' })).status).toBe(409);
    const noReason = await article.act(eddie, 'restore', { version: 1 });
    expect(noReason.status).toBe(400);
    expect(noReason.body.errors.map((error: { field: string }) => error.field)).toEqual(['reason']);
    expect((await article.act(eddie, 'restore', { version: 0, reason: 'x' })).status).toBe(400);
    expect(await eventCount(testApp.dataSource, article.id)).toBe(before);
  });
});

describe('the desk queues, driven by real commands', () => {
  it('"awaiting review" and "my drafts" are one query each', async () => {
    const mine = await draftArticle();
    const sentBack = await draftArticle();
    await sentBack.act(eddie, 'submit');
    await sentBack.act(rita, 'request-changes', { reason: 'Needs a second source.' });
    const waiting = await draftArticle();
    await waiting.act(eddie, 'submit');
    const byErin = new ArticleDriver(testApp, tokens);
    await byErin.create(erin, { ...seed.draft, slug: `erin-${Date.now()}` });

    const awaitingReview = await testApp
      .http()
      .get('/articles?status=in_review&limit=100')
      .set('authorization', tokens.get('rita')!);
    const reviewIds = awaitingReview.body.items.map((item: { id: string }) => item.id);
    expect(reviewIds).toContain(waiting.id);
    expect(reviewIds).not.toContain(mine.id);

    const myDrafts = await testApp
      .http()
      .get('/articles?status=draft,changes_requested&author=me&limit=100')
      .set('authorization', tokens.get('eddie')!);
    const draftIds = myDrafts.body.items.map((item: { id: string }) => item.id);
    expect(draftIds).toEqual(expect.arrayContaining([mine.id, sentBack.id]));
    expect(draftIds).not.toContain(waiting.id);
    expect(draftIds).not.toContain(byErin.id);
    const sentBackRow = myDrafts.body.items.find((item: { id: string }) => item.id === sentBack.id);
    expect(sentBackRow.changeRequest).toMatchObject({ reason: 'Needs a second source.' });
  });
});

describe('comments and spiking', () => {
  it('lets editors and reviewers leave desk notes, but not publishers', async () => {
    const article = await draftArticle();
    const byRita = await article.act(rita, 'comments', { text: 'Who is the second source?' });
    expect(byRita.status).toBe(201);
    expect(byRita.headers.location).toMatch(new RegExp(`^/articles/${article.id}#comment-`));
    expect((await article.act(eddie, 'comments', { text: 'Added.' })).status).toBe(201);
    expect((await article.act(paul, 'comments', { text: 'Me too.' })).status).toBe(403);
    const { body } = await article.read(eddie);
    expect(body.comments.map((comment: { text: string; by: { id: string } }) => [comment.by.id, comment.text])).toEqual([
      ['rita', 'Who is the second source?'],
      ['eddie', 'Added.'],
    ]);
    expect(body.status).toBe('draft');
  });

  it('spikes a draft with a reason; a spiked article takes no more work', async () => {
    const article = await draftArticle();
    expect((await article.act(eddie, 'spike', {})).status).toBe(400);
    const spiked = await article.act(eddie, 'spike', { reason: 'The story fell through.' });
    expect(spiked.body.status).toBe('spiked');
    expect((await article.edit(eddie, { headline: 'Revived?' })).status).toBe(409);
    expect((await article.act(eddie, 'submit')).status).toBe(409);
  });

  it('refuses to spike a published article, pointing to unpublish', async () => {
    const article = await publishedArticle();
    const refused = await article.act(eddie, 'spike', { reason: 'Oops.' });
    expect(refused.status).toBe(409);
    expect(refused.body.detail).toMatch(/unpublish/);
  });
});
