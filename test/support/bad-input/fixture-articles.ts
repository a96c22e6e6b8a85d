import { randomUUID } from 'node:crypto';
import { ArticleDriver } from '../desk-client';
import { people, type TestApp } from '../test-app';

/** One article in the state a route needs, so that a valid request to that route would succeed. */
export interface Target {
  readonly id: string;
  readonly version: number;
  readonly slug: string;
  /** A source the article has, for GET and DELETE …/sources/:sourceId. */
  readonly sourceId?: string;
  /** For a webhook target: a dead delivery of it, for …/deliveries/:deliveryId/replay. */
  readonly deliveryId?: string;
}

export const TARGETS = [
  'draft-edit',
  'draft-sources',
  'draft-remove-source',
  'draft-read-source',
  'draft-submit',
  'draft-restore',
  'draft-comment',
  'draft-spike',
  'in-review-request-changes',
  'in-review-approve',
  'approved-republish',
  'scheduled',
  'published-unpublish',
  'published-read',
  'webhook-read',
  'webhook-delete',
  'webhook-replay',
] as const;
export type TargetName = (typeof TARGETS)[number];

/** A complete draft: every optional field filled, every kind of block, so every field can be sent wrong. */
export function fullDraft(slug: string): Record<string, unknown> {
  return {
    headline: 'Belarus and China sign a trade pact',
    standfirst: 'A state visit to Beijing ends with a pact.',
    slug,
    section: 'World',
    tags: ['Belarus', 'China'],
    language: 'en-GB',
    authors: [{ name: 'Ann Writer', bio: 'Covers Eastern Europe.', url: 'https://example.org/ann' }],
    body: [
      { id: 'p1', type: 'paragraph', text: 'Lukashenko met <em>Xi</em> in Beijing.' },
      { type: 'heading', text: 'Trade', level: 2 },
      { type: 'quote', text: 'Friends in all weathers', speaker: 'Xi Jinping' },
      { type: 'image', url: 'https://example.org/a.jpg', alt: 'A handshake', caption: 'In Beijing', credit: 'Reuters' },
      { type: 'related', title: 'An earlier visit', url: 'https://example.org/b' },
    ],
    leadImage: { url: 'https://example.org/lead.jpg', alt: 'The palace', caption: 'Beijing', credit: 'AP' },
    relatedLinks: [{ title: 'Background', url: 'https://example.org/c' }],
  };
}

/** A far-future embargo: the app's own scheduler must never fire it during the run. */
export const FAR_FUTURE = '2099-06-01T06:00:00Z';

/**
 * Builds each target over the real API, as the newsroom would (editor Eddie, reviewer Rita,
 * publisher Paul), and fails loudly if any step is refused: a fixture in the wrong state would turn
 * every generated request into a 409 that proves nothing.
 */
export async function createTargets(testApp: TestApp): Promise<Record<TargetName, Target>> {
  const built: Partial<Record<TargetName, Target>> = {};
  // One at a time: the machine is small and the order of fixtures does not matter.
  for (const name of TARGETS) built[name] = await createTarget(testApp, name);
  return built as Record<TargetName, Target>;
}

/** One target, anew: also used to replace one that a wrongly accepted request has changed. */
export async function createTarget(testApp: TestApp, name: TargetName): Promise<Target> {
  if (name.startsWith('webhook')) return createWebhookTarget(testApp);
  const tokens = await ArticleDriver.tokensFor(testApp, Object.values(people));
  const { eddie, rita, paul } = people;
  const expectOk = (step: string, response: { status: number; text: string }) => {
    if (response.status >= 300) throw new Error(`fixture step ${step} answered ${response.status}: ${response.text}`);
  };
  {
    const article = new ArticleDriver(testApp, tokens);
    const slug = `bad-input-${name}-${randomUUID().slice(0, 8)}`;
    const draft = { ...fullDraft(slug), headline: `Fixture ${name}` };
    expectOk(`${name}: create`, await article.create(eddie, draft));
    let sourceId: string | undefined;
    const source = await article.act(eddie, 'sources', { name: 'Reuters', role: 'contributed' });
    expectOk(`${name}: source`, source);
    sourceId = (source.headers.location as string).split('/').pop();
    expectOk(`${name}: edit`, await article.edit(eddie, { standfirst: 'Revised standfirst.' }));
    const submitted = async () => expectOk(`${name}: submit`, await article.act(eddie, 'submit'));
    const approved = async () => {
      await submitted();
      expectOk(`${name}: approve`, await article.act(rita, 'approve'));
    };
    const published = async () => {
      await approved();
      expectOk(`${name}: publish`, await article.act(paul, 'publish'));
    };
    if (name.startsWith('in-review')) await submitted();
    if (name === 'scheduled') {
      await approved();
      expectOk(`${name}: schedule`, await article.act(paul, 'publish', { at: FAR_FUTURE }));
    }
    if (name.startsWith('published')) await published();
    if (name === 'approved-republish') {
      // Published, then changed and approved again: the republication takes kind, note and at.
      await published();
      expectOk(`${name}: re-edit`, await article.edit(eddie, { standfirst: 'Corrected standfirst.' }));
      await approved();
    }
    if (!name.startsWith('draft')) sourceId = undefined;
    return { id: article.id, version: article.version, slug, sourceId };
  }
}

/**
 * A webhook for the /webhooks/:id routes, disabled, with a dead delivery to replay, and following an
 * article that does not exist: nothing is ever queued or sent for it, so no row changes behind a
 * generated request's back.
 */
async function createWebhookTarget(testApp: TestApp): Promise<Target> {
  const id = randomUUID();
  const nowhere = randomUUID();
  await testApp.dataSource.query(
    `INSERT INTO webhooks (id, url, secret, article_ids, created_by, disabled_at, disabled_reason)
     VALUES ($1, 'http://93.184.216.34/hook', $2, ARRAY[$3], 'ada', now(), 'a bad-input fixture')`,
    [id, `whsec_${Buffer.alloc(32, 1).toString('base64')}`, nowhere],
  );
  const [delivery]: { id: string }[] = await testApp.dataSource.query(
    `INSERT INTO webhook_deliveries (webhook_id, event_id, event_transaction_id, event_position, event_type, article_id,
                                     stream_version, state, finished_at, dead_reason)
     VALUES ($1, $2, '1', 1, 'ArticleEdited', $3, 1, 'dead', now(), 'a bad-input fixture') RETURNING id`,
    [id, randomUUID(), nowhere],
  );
  return { id, version: 0, slug: '', deliveryId: String(delivery.id) };
}
