import type { people } from '../test-app';
import type { BodyShape } from './body-faults';
import { FAR_FUTURE, fullDraft, type TargetName } from './fixture-articles';
import type { PathKind, QueryShape } from './url-faults';

/**
 * The bad-input generator of each route: what a valid request to it looks like (who sends it, on
 * which article, with which body and query), and what kind each input is. Every route the app
 * serves must have one; the spec checks that against the routes Fastify registered.
 */
export interface RouteGenerator {
  readonly method: 'GET' | 'POST' | 'PATCH' | 'DELETE';
  /** As Fastify registers it: `/articles/:id/sources/:sourceId`. */
  readonly path: string;
  /** Who sends the valid request; absent for public routes. */
  readonly who?: keyof typeof people;
  /** The article the request is about (fills :id, :sourceId, :slug and If-Match). */
  readonly target?: TargetName;
  /** A write on an existing article: needs If-Match. */
  readonly ifMatch?: boolean;
  /** Takes an Idempotency-Key (every write under /articles). */
  readonly write?: boolean;
  /** The body's shape; `sendsBody: false` when the valid request sends none (a command without fields). */
  readonly body?: BodyShape & { readonly sendsBody?: boolean };
  readonly query?: QueryShape;
  readonly params?: Readonly<Record<string, PathKind>>;
  /** Generated requests per run: more for routes with more inputs. */
  readonly runs: number;
}

const ARTICLE_REQUIRED = [
  'authors[].name',
  'body[].type',
  'body[].text',
  'body[].level',
  'body[].url',
  'body[].alt',
  'body[].title',
  'leadImage.url',
  'leadImage.alt',
  'relatedLinks[].title',
  'relatedLinks[].url',
];
const ARTICLE_FORMATS = {
  slug: 'slug',
  language: 'language',
  'authors[].url': 'url',
  'body[].id': 'block-id',
  'body[].type': 'enum',
  'body[].url': 'url',
  'leadImage.url': 'url',
  'relatedLinks[].url': 'url',
} as const;
/** The API documents null for these two only ("no standfirst", "no lead image"). */
const ARTICLE_NULLABLE = ['standfirst', 'leadImage'];

const reason = (text: string): BodyShape => ({ valid: { reason: text }, required: ['reason'] });
const noFields: BodyShape & { sendsBody: false } = { valid: {}, required: [], sendsBody: false };

export const ROUTE_GENERATORS: readonly RouteGenerator[] = [
  {
    method: 'POST',
    path: '/articles',
    who: 'eddie',
    write: true,
    body: {
      valid: fullDraft('bad-input-create'),
      required: ['headline', 'section', 'language', 'authors', 'body', ...ARTICLE_REQUIRED],
      nullable: ARTICLE_NULLABLE,
      formats: ARTICLE_FORMATS,
    },
    runs: 200,
  },
  {
    method: 'PATCH',
    path: '/articles/:id',
    who: 'eddie',
    target: 'draft-edit',
    ifMatch: true,
    write: true,
    // New blocks only (no ids): ids name blocks the article already has.
    body: {
      valid: {
        ...fullDraft('bad-input-edit'),
        body: (fullDraft('x').body as Record<string, unknown>[]).map(({ id: _id, ...block }) => block),
      },
      required: ARTICLE_REQUIRED,
      nullable: ARTICLE_NULLABLE,
      formats: ARTICLE_FORMATS,
    },
    params: { id: 'uuid-v4' },
    runs: 160,
  },
  {
    method: 'POST',
    path: '/articles/:id/sources',
    who: 'eddie',
    target: 'draft-sources',
    ifMatch: true,
    write: true,
    body: {
      valid: { name: 'Reuters', role: 'wire', url: 'https://example.org/r', note: 'Wire copy.' },
      required: ['name', 'role'],
      formats: { role: 'enum', url: 'url' },
    },
    params: { id: 'uuid-v4' },
    runs: 60,
  },
  {
    method: 'DELETE',
    path: '/articles/:id/sources/:sourceId',
    who: 'eddie',
    target: 'draft-remove-source',
    ifMatch: true,
    write: true,
    params: { id: 'uuid-v4', sourceId: 'uuid' },
    runs: 40,
  },
  {
    method: 'POST',
    path: '/articles/:id/submit',
    who: 'eddie',
    target: 'draft-submit',
    ifMatch: true,
    write: true,
    body: noFields,
    params: { id: 'uuid-v4' },
    runs: 40,
  },
  {
    method: 'POST',
    path: '/articles/:id/request-changes',
    who: 'rita',
    target: 'in-review-request-changes',
    ifMatch: true,
    write: true,
    body: reason('Needs a second source.'),
    params: { id: 'uuid-v4' },
    runs: 40,
  },
  {
    method: 'POST',
    path: '/articles/:id/approve',
    who: 'rita',
    target: 'in-review-approve',
    ifMatch: true,
    write: true,
    body: noFields,
    params: { id: 'uuid-v4' },
    runs: 40,
  },
  {
    method: 'POST',
    path: '/articles/:id/publish',
    who: 'paul',
    target: 'approved-republish',
    ifMatch: true,
    write: true,
    body: {
      valid: { kind: 'correction', note: 'An earlier version misdated the visit.', at: FAR_FUTURE },
      required: [],
      formats: { kind: 'enum', at: 'time' },
    },
    params: { id: 'uuid-v4' },
    runs: 60,
  },
  {
    method: 'POST',
    path: '/articles/:id/cancel-schedule',
    who: 'paul',
    target: 'scheduled',
    ifMatch: true,
    write: true,
    body: { valid: { reason: 'Legal asked us to hold it.' }, required: [] },
    params: { id: 'uuid-v4' },
    runs: 40,
  },
  {
    method: 'POST',
    path: '/articles/:id/unpublish',
    who: 'paul',
    target: 'published-unpublish',
    ifMatch: true,
    write: true,
    body: reason('Legal review.'),
    params: { id: 'uuid-v4' },
    runs: 40,
  },
  {
    method: 'POST',
    path: '/articles/:id/restore',
    who: 'eddie',
    target: 'draft-restore',
    ifMatch: true,
    write: true,
    body: { valid: { version: 1, reason: 'Back to the first draft.' }, required: ['version', 'reason'] },
    params: { id: 'uuid-v4' },
    runs: 50,
  },
  {
    method: 'POST',
    path: '/articles/:id/comments',
    who: 'eddie',
    target: 'draft-comment',
    ifMatch: true,
    write: true,
    body: { valid: { text: 'Check the quote in the third paragraph.' }, required: ['text'] },
    params: { id: 'uuid-v4' },
    runs: 40,
  },
  {
    method: 'POST',
    path: '/articles/:id/spike',
    who: 'eddie',
    target: 'draft-spike',
    ifMatch: true,
    write: true,
    body: reason('The story fell through.'),
    params: { id: 'uuid-v4' },
    runs: 40,
  },
  {
    method: 'GET',
    path: '/articles/:id',
    who: 'rita',
    target: 'published-read',
    query: { valid: {}, params: { asOf: 'time' } },
    params: { id: 'uuid-v4' },
    runs: 40,
  },
  {
    method: 'GET',
    path: '/articles/:id/sources/:sourceId',
    who: 'rita',
    target: 'draft-read-source',
    params: { id: 'uuid-v4', sourceId: 'uuid' },
    runs: 30,
  },
  {
    method: 'GET',
    path: '/articles',
    who: 'rita',
    query: {
      valid: {},
      params: {
        status: 'status-list',
        author: 'text',
        byline: 'text',
        section: 'text',
        q: 'text',
        limit: 'int',
        cursor: 'desk-cursor',
      },
    },
    runs: 80,
  },
  {
    method: 'GET',
    path: '/articles/:id/history',
    who: 'audrey',
    target: 'published-read',
    query: { valid: {}, params: { cursor: 'int', limit: 'int' } },
    params: { id: 'uuid-v4' },
    runs: 40,
  },
  {
    method: 'GET',
    path: '/articles/:id/versions/:version',
    who: 'audrey',
    target: 'published-read',
    params: { id: 'uuid-v4', version: 'version' },
    runs: 40,
  },
  {
    method: 'GET',
    path: '/articles/:id/diff',
    who: 'audrey',
    target: 'published-read',
    query: { valid: { from: '1', to: '2' }, params: { from: 'int', to: 'int' } },
    params: { id: 'uuid-v4' },
    runs: 40,
  },
  {
    method: 'GET',
    path: '/audit',
    who: 'audrey',
    query: {
      valid: {},
      params: {
        actor: 'text',
        type: 'type-list',
        article: 'uuid',
        from: 'time',
        to: 'time',
        limit: 'int',
        cursor: 'audit-cursor',
      },
    },
    runs: 80,
  },
  { method: 'GET', path: '/audit/verify', who: 'audrey', runs: 20 },
  {
    method: 'GET',
    path: '/published',
    query: { valid: {}, params: { section: 'text', tag: 'text', q: 'text', limit: 'int' } },
    runs: 50,
  },
  { method: 'GET', path: '/published/:slug', target: 'published-read', params: { slug: 'slug' }, runs: 30 },
  {
    method: 'GET',
    path: '/published/:slug/ninjs',
    target: 'published-read',
    params: { slug: 'slug' },
    query: { valid: {}, params: { version: 'text' } },
    runs: 20,
  },
  { method: 'GET', path: '/published/:slug/jsonld', target: 'published-read', params: { slug: 'slug' }, runs: 15 },
  ...(['atom', 'rss', 'json'] as const).map((feed) => ({
    method: 'GET' as const,
    path: `/feeds/${feed}`,
    query: { valid: {}, params: { section: 'text', tag: 'text', content: 'text' } } as const,
    runs: 15,
  })),
  { method: 'GET', path: '/sitemaps/news.xml', runs: 10 },
  { method: 'GET', path: '/sitemaps/articles.xml', runs: 10 },
  { method: 'GET', path: '/sitemaps/articles/:page', params: { page: 'version' }, runs: 10 },
  {
    method: 'GET',
    path: '/activity',
    who: 'eddie',
    query: { valid: {}, params: { actor: 'text', article: 'uuid', limit: 'int', cursor: 'audit-cursor' } },
    runs: 50,
  },
  { method: 'GET', path: '/admin/projections', who: 'ada', runs: 15 },
  ...(['pause', 'resume', 'reset', 'rebuild'] as const).map((action) => ({
    method: 'POST' as const,
    path: `/admin/projections/:name/${action}`,
    who: 'ada' as const,
    body: noFields,
    params: { name: 'slug' } as const,
    runs: 20,
  })),
  {
    method: 'POST',
    path: '/webhooks',
    who: 'ada',
    body: {
      // A public address, so no name is resolved; following an article that never exists, so nothing is sent.
      valid: {
        url: 'http://93.184.216.34/hook',
        eventTypes: ['ArticlePublished'],
        articleIds: ['0b7d5c1e-6f2a-4c3b-9d8e-1a2b3c4d5e6f'],
      },
      required: ['url'],
      formats: { url: 'url', 'eventTypes[]': 'enum' },
    },
    runs: 50,
  },
  { method: 'GET', path: '/webhooks', who: 'ada', runs: 15 },
  { method: 'GET', path: '/webhooks/:id', who: 'ada', target: 'webhook-read', params: { id: 'uuid-v4' }, runs: 20 },
  { method: 'DELETE', path: '/webhooks/:id', who: 'ada', target: 'webhook-delete', params: { id: 'uuid-v4' }, runs: 20 },
  {
    method: 'POST',
    path: '/webhooks/:id/enable',
    who: 'ada',
    target: 'webhook-read',
    body: noFields,
    params: { id: 'uuid-v4' },
    runs: 20,
  },
  {
    method: 'GET',
    path: '/webhooks/:id/deliveries',
    who: 'ada',
    target: 'webhook-read',
    query: { valid: {}, params: { state: 'text', limit: 'int', cursor: 'audit-cursor' } },
    params: { id: 'uuid-v4' },
    runs: 40,
  },
  {
    method: 'POST',
    path: '/webhooks/:id/deliveries/:deliveryId/replay',
    who: 'ada',
    target: 'webhook-replay',
    body: noFields,
    params: { id: 'uuid-v4', deliveryId: 'delivery-id' },
    runs: 30,
  },
  { method: 'GET', path: '/health/live', runs: 15 },
  { method: 'GET', path: '/health/ready', runs: 15 },
  // The API reference: the document, the page and its files.
  { method: 'GET', path: '/openapi.json', runs: 10 },
  { method: 'GET', path: '/docs', runs: 10 },
  { method: 'GET', path: '/docs/:asset', params: { asset: 'asset' }, runs: 15 },
];

export const routeKey = (route: Pick<RouteGenerator, 'method' | 'path'>): string => `${route.method} ${route.path}`;
