import { execFile } from 'node:child_process';
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import type { OpenAPIObject, OperationObject, RequestBodyObject, ResponseObject } from '@nestjs/swagger';
import type { Response } from 'supertest';
import { ROLES_REQUIRED } from '../src/articles/domain/permissions';
import { loadConfig } from '../src/config/app-config';
import { copydeskClient } from '../src/demo/copydesk-client';
import { publishSeed } from '../src/demo/publish-seed';
import { loadSeedArticle } from '../src/demo/seed-article';
import { ApiReference } from '../src/openapi/api-reference';
import { offlineOpenApiDocument } from '../src/openapi/offline-document';
import { OpenApiContract } from './support/openapi-contract';
import { ServedRoutes } from './support/served-routes';
import { people, startTestApp, type TestApp } from './support/test-app';

const run = promisify(execFile);
const PACKAGES = join(__dirname, '..', 'node_modules');
const TYPES_FILE = join(__dirname, '..', 'src', 'demo', 'copydesk-api.d.ts');
const METHODS = ['get', 'put', 'post', 'patch', 'delete'] as const;

const served = new ServedRoutes();
let testApp: TestApp;
let document: OpenAPIObject;
let contract: OpenApiContract;
let folder: string;

beforeAll(async () => {
  testApp = await startTestApp({}, { beforeInit: served.listen });
  // Built directly, so that a route the document cannot describe fails here with its reason.
  document = testApp.app.get(ApiReference).document();
  contract = new OpenApiContract(document);
  folder = await mkdtemp(join(tmpdir(), 'copydesk-openapi-'));
  await writeFile(join(folder, 'openapi.json'), JSON.stringify(document));
});
afterAll(async () => {
  await testApp?.close();
  await rm(folder, { recursive: true, force: true });
});

const operations = (): [string, (typeof METHODS)[number], OperationObject][] =>
  Object.entries(document.paths).flatMap(([path, item]) =>
    METHODS.filter((method) => item[method]).map(
      (method) => [path, method, item[method]!] as [string, (typeof METHODS)[number], OperationObject],
    ),
  );

describe('the OpenAPI document at /openapi.json', () => {
  it('is served as JSON', async () => {
    const served = await testApp
      .http()
      .get('/openapi.json')
      .expect(200)
      .expect('content-type', /^application\/json/);
    expect(served.body).toEqual(JSON.parse(JSON.stringify(document)));
  });

  it('is valid OpenAPI 3.1', async () => {
    const cli = join(PACKAGES, '@seriousme', 'openapi-schema-validator', 'bin', 'validate-api-cli.js');
    const { stdout } = await run(process.execPath, [cli, join(folder, 'openapi.json')]);
    expect(document.openapi).toBe('3.1.0');
    expect(JSON.parse(stdout)).toEqual({ valid: true });
  });

  it('describes every route the app serves, and no route it does not', () => {
    const servedRoutes = served
      .all()
      .filter((route) => !route.startsWith('HEAD '))
      .map((route) => route.replace(/:(\w+)/g, '{$1}'));
    const documented = operations().map(([path, method]) => `${method.toUpperCase()} ${path}`);
    expect(servedRoutes.length).toBeGreaterThan(30);
    expect(documented.sort()).toEqual([...new Set(servedRoutes)].sort());
  });

  it('is the document `npm run openapi` writes without a database', async () => {
    expect(await offlineOpenApiDocument(loadConfig(process.env))).toEqual(document);
  });

  it('names the roles @RequireRole gives each route, and asks public routes for no token', () => {
    const publish = document.paths['/articles/{id}/publish'].post!;
    expect(publish.security).toEqual([{ bearer: [] }]);
    expect((publish as unknown as Record<string, unknown>)['x-roles']).toEqual(ROLES_REQUIRED.PublishArticle);
    expect(publish.description).toContain(`the ${ROLES_REQUIRED.PublishArticle.join(' or ')} role`);
    expect((document.paths['/audit'].get as unknown as Record<string, unknown>)['x-roles']).toEqual(['auditor']);
    expect(document.paths['/published/{slug}'].get!.security).toEqual([]);
    for (const [path, method, operation] of operations()) {
      const isPublic = operation.security?.length === 0;
      expect({
        route: `${method} ${path}`,
        roles: isPublic || Array.isArray((operation as unknown as Record<string, unknown>)['x-roles']),
      }).toEqual({
        route: `${method} ${path}`,
        roles: true,
      });
      expect(Object.keys(operation.responses)).toEqual(
        expect.arrayContaining(isPublic ? ['400', '500'] : ['400', '401', '403', '500']),
      );
    }
  });

  it('describes the body blocks as a oneOf told apart by `type`', () => {
    const createArticle = document.components!.schemas!.CreateArticleDto as {
      properties: Record<string, { items: Record<string, unknown> }>;
    };
    const body = createArticle.properties.body.items;
    expect(body.discriminator).toEqual({
      propertyName: 'type',
      mapping: {
        paragraph: '#/components/schemas/ParagraphBlockDto',
        heading: '#/components/schemas/HeadingBlockDto',
        quote: '#/components/schemas/QuoteBlockDto',
        image: '#/components/schemas/ImageBlockDto',
        related: '#/components/schemas/RelatedBlockDto',
      },
    });
  });

  it('has examples that match their own schemas', () => {
    let checked = 0;
    for (const [path, method, operation] of operations()) {
      const pointer = `#/paths/${path.replaceAll('/', '~1').replaceAll('{', '%7B').replaceAll('}', '%7D')}/${method}`;
      const body = operation.requestBody as RequestBodyObject | undefined;
      for (const [name, example] of Object.entries(body?.content['application/json']?.examples ?? {})) {
        contract.validate(
          `${method} ${path} example ${name}`,
          `${pointer}/requestBody/content/application~1json/schema`,
          (example as { value: unknown }).value,
        );
        checked += 1;
      }
    }
    for (const [name, response] of Object.entries(document.components!.responses as Record<string, ResponseObject>)) {
      contract.validate(
        `${name} example`,
        '#/components/schemas/ProblemDetails',
        response.content!['application/problem+json'].example,
      );
      checked += 1;
    }
    for (const [name, schema] of Object.entries(document.components!.schemas!)) {
      if ((schema as { example?: unknown }).example === undefined) continue;
      contract.validate(`${name} example`, `#/components/schemas/${name}`, (schema as { example: unknown }).example);
      checked += 1;
    }
    expect(checked).toBeGreaterThan(15);
  });
});

describe('the contract check every e2e answer goes through', () => {
  const answer = (status: number, contentType: string, body: unknown): Response =>
    ({ status, headers: { 'content-type': contentType }, text: JSON.stringify(body), body }) as unknown as Response;
  const health = { status: 'ok', database: 'ok' };

  it('passes an answer the document describes', () => {
    expect(() => contract.check('get', '/health/ready', answer(200, 'application/json; charset=utf-8', health))).not.toThrow();
  });

  it('fails an answer with a status, a media type or a field the document does not list', () => {
    expect(() => contract.check('get', '/health/ready', answer(418, 'application/json', health))).toThrow(
      /lists only 200, 304, 400/,
    );
    expect(() => contract.check('get', '/health/ready', answer(200, 'text/plain', 'ok'))).toThrow(
      /with text\/plain: the document lists application\/json/,
    );
    expect(() => contract.check('get', '/health/ready', answer(200, 'application/json', { ...health, uptime: 3 }))).toThrow(
      /must NOT have additional properties.*uptime/s,
    );
    const problem = { type: 'https://copydesk.dev/problems/x', title: 'Not Found', status: 404, detail: 'no', hint: 'x' };
    expect(() => contract.check('get', '/published/x', answer(404, 'application/problem+json', problem))).toThrow(/hint/);
  });

  it('fails a body the service accepted when the document would refuse it', () => {
    const article = (document.components!.schemas!.ArticleView as { example: unknown }).example;
    const restore = '/articles/0b8e7c1e-4a36-4d4e-9a53-2f0c8f1d7a10/restore';
    const accepted = answer(200, 'application/json', article);
    expect(() => contract.check('post', restore, accepted, { version: 1, reason: 'Back to the first draft.' })).not.toThrow();
    expect(() => contract.check('post', restore, accepted, { version: 0, reason: 'x' })).toThrow(
      /accepted a body the document refuses/,
    );
  });
});

describe('the typed client', () => {
  it('is generated from the current document (npm run openapi:types)', async () => {
    const generated = join(folder, 'copydesk-api.d.ts');
    await run(process.execPath, [
      join(PACKAGES, 'openapi-typescript', 'bin', 'cli.js'),
      join(folder, 'openapi.json'),
      '-o',
      generated,
    ]);
    expect(await readFile(generated, 'utf8')).toBe(await readFile(TYPES_FILE, 'utf8'));
  }, 60_000);

  it('takes the seed article from draft to published, as the demo loader does', async () => {
    await testApp.app.listen({ port: 0, host: '127.0.0.1' });
    const { port } = testApp.app.getHttpServer().address() as AddressInfo;
    const seed = loadSeedArticle(join(__dirname, 'fixtures', 'seed-article.txt'));
    const draft = { ...seed.draft, slug: `typed-client-${Date.now()}` };
    const [editor, reviewer, publisher] = await Promise.all(
      [people.eddie, people.rita, people.paul].map((actor) => testApp.tokenFor(actor)),
    );
    const steps: string[] = [];
    const article = await publishSeed(
      copydeskClient(`http://127.0.0.1:${port}`, 10_000),
      { ...seed, draft },
      { editor, reviewer, publisher },
      (who, what) => steps.push(`${who} ${what.replace(/[0-9a-f-]{36}/, '<id>')}`),
    );
    expect(article).toMatchObject({ status: 'published', slug: draft.slug, version: seed.sources.length + 4 });
    expect(steps).toEqual([
      'editor created draft <id>',
      ...seed.sources.map((source) => `editor attributed ${source.name} (${source.role})`),
      `editor submitted it for review (version ${seed.sources.length + 2})`,
      `reviewer approved it (version ${seed.sources.length + 3})`,
      `publisher published it (version ${seed.sources.length + 4})`,
    ]);
  });
});

describe('the interactive reference at /docs', () => {
  it('is Swagger UI, and every file its page loads is served', async () => {
    const page = await testApp
      .http()
      .get('/docs')
      .expect(200)
      .expect('content-type', /^text\/html/);
    const files = [...page.text.matchAll(/(?:src|href)="(docs\/[^"]+)"/g)].map(([, file]) => file);
    expect(files).toEqual(expect.arrayContaining(['docs/swagger-ui-bundle.js', 'docs/swagger-ui.css', 'docs/initializer.js']));
    for (const file of files) {
      const response = await testApp.http().get(`/${file}`).expect(200);
      expect(response.headers['content-type']).toMatch(/^(text\/css|text\/javascript|image\/png)/);
    }
    const initializer = await testApp.http().get('/docs/initializer.js').expect(200);
    expect(initializer.text).toContain("url: 'openapi.json'");
    await testApp
      .http()
      .get('/docs/package.json')
      .expect(404)
      .expect('content-type', /problem\+json/);
  });
});
