import { randomUUID } from 'node:crypto';
import type { Actor } from '../src/common/domain/actor';
import { people, startTestApp, type TestApp } from './support/test-app';

/**
 * Every command route, tried by every role and by no one. The expectations are written out here,
 * not read from the permission table they check. An allowed caller gets past the guard to the
 * command itself, which answers 404 for an article that does not exist (201 for a create).
 */
const callers: Record<string, Actor | null> = {
  editor: people.eddie,
  reviewer: people.rita,
  publisher: people.paul,
  auditor: people.audrey,
  admin: people.ada,
  'no role': people.nobody,
  'no token': null,
};

const draft = {
  headline: 'Permission matrix',
  section: 'world',
  language: 'en',
  authors: [{ name: 'Matrix Tester' }],
  body: [{ type: 'paragraph', text: 'Text.' }],
};

interface Route {
  readonly method: 'post' | 'patch' | 'delete' | 'get';
  readonly path: (articleId: string) => string;
  readonly body?: object;
  readonly allowed: readonly string[];
  readonly success?: number;
}

// prettier-ignore
const routes: Record<string, Route> = {
  'create':          { method: 'post',   path: () => '/articles', body: draft, allowed: ['editor', 'admin'], success: 201 },
  'edit':            { method: 'patch',  path: (id) => `/articles/${id}`, body: { headline: 'New' }, allowed: ['editor', 'admin'] },
  'attribute':       { method: 'post',   path: (id) => `/articles/${id}/sources`, body: { name: 'Reuters', role: 'contributed' }, allowed: ['editor', 'admin'] },
  'remove source':   { method: 'delete', path: (id) => `/articles/${id}/sources/${randomUUID()}`, allowed: ['editor', 'admin'] },
  'submit':          { method: 'post',   path: (id) => `/articles/${id}/submit`, allowed: ['editor', 'admin'] },
  'request changes': { method: 'post',   path: (id) => `/articles/${id}/request-changes`, body: { reason: 'Why.' }, allowed: ['reviewer', 'admin'] },
  'approve':         { method: 'post',   path: (id) => `/articles/${id}/approve`, allowed: ['reviewer', 'admin'] },
  'publish':         { method: 'post',   path: (id) => `/articles/${id}/publish`, allowed: ['publisher', 'admin'] },
  'schedule':        { method: 'post',   path: (id) => `/articles/${id}/publish`, body: { at: '2999-01-01T00:00:00Z' }, allowed: ['publisher', 'admin'] },
  'cancel schedule': { method: 'post',   path: (id) => `/articles/${id}/cancel-schedule`, allowed: ['publisher', 'admin'] },
  'unpublish':       { method: 'post',   path: (id) => `/articles/${id}/unpublish`, body: { reason: 'Why.' }, allowed: ['publisher', 'admin'] },
  'restore':         { method: 'post',   path: (id) => `/articles/${id}/restore`, body: { version: 1, reason: 'Why.' }, allowed: ['editor', 'admin'] },
  'comment':         { method: 'post',   path: (id) => `/articles/${id}/comments`, body: { text: 'Note.' }, allowed: ['editor', 'reviewer', 'admin'] },
  'spike':           { method: 'post',   path: (id) => `/articles/${id}/spike`, body: { reason: 'Why.' }, allowed: ['editor', 'admin'] },
  'read article':    { method: 'get',    path: (id) => `/articles/${id}`, allowed: ['editor', 'reviewer', 'publisher', 'auditor', 'admin'] },
  'desk list':       { method: 'get',    path: () => '/articles', allowed: ['editor', 'reviewer', 'publisher', 'auditor', 'admin'], success: 200 },
};

let testApp: TestApp;
const tokens = new Map<string, string>();

beforeAll(async () => {
  testApp = await startTestApp();
  for (const [name, actor] of Object.entries(callers)) {
    if (actor !== null) tokens.set(name, `Bearer ${await testApp.tokenFor(actor)}`);
  }
});
afterAll(() => testApp.close());

describe.each(Object.entries(routes))('%s', (_, route) => {
  it.each(Object.keys(callers))('by %s', async (caller) => {
    const articleId = randomUUID();
    let call = testApp.http()[route.method](route.path(articleId));
    // A create has no version to match: If-Match there is 412 whoever sends it.
    if (route.path(articleId) !== '/articles') call = call.set('if-match', '"1"');
    const token = tokens.get(caller);
    if (token !== undefined) call = call.set('authorization', token);
    const response = await (route.body === undefined ? call : call.send(route.body));

    const expected = caller === 'no token' ? 401 : route.allowed.includes(caller) ? (route.success ?? 404) : 403;
    expect({ status: response.status, detail: response.body.detail }).toMatchObject({ status: expected });
    expect(response.headers['content-type']).toMatch(expected < 300 ? /application\/json/ : /application\/problem\+json/);
  });
});
