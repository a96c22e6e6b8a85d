import type { Actor } from '../../src/common/domain/actor';
import type { TestApp } from './test-app';

type Response = Awaited<ReturnType<ReturnType<ReturnType<TestApp['http']>['post']>['send']>>;

/**
 * One article driven over HTTP the way a newsroom client would: every write is based on the version
 * the last answer's ETag named.
 */
export class ArticleDriver {
  version = 0;
  id = '';

  constructor(
    private readonly testApp: TestApp,
    private readonly tokens: Map<string, string>,
  ) {}

  static async tokensFor(testApp: TestApp, actors: readonly Actor[]): Promise<Map<string, string>> {
    return new Map(
      await Promise.all(actors.map(async (actor) => [actor.id, `Bearer ${await testApp.tokenFor(actor)}`] as const)),
    );
  }

  async create(by: Actor, draft: object): Promise<Response> {
    const response = await this.testApp.http().post('/articles').set('authorization', this.token(by)).send(draft);
    if (response.status === 201) {
      this.id = response.body.id;
      this.version = 1;
    }
    return response;
  }

  /** POST /articles/:id/<action> (or PATCH with action '' ) based on the current version. */
  async act(by: Actor, action: string, body: object = {}, method: 'post' | 'patch' = 'post'): Promise<Response> {
    const path = action === '' ? `/articles/${this.id}` : `/articles/${this.id}/${action}`;
    const http = this.testApp.http();
    const response = await http[method](path)
      .set('authorization', this.token(by))
      .set('if-match', `"${this.version}"`)
      .send(body);
    if (response.status < 300 && response.headers.etag) this.version = Number(JSON.parse(response.headers.etag));
    return response;
  }

  edit(by: Actor, changes: object): Promise<Response> {
    return this.act(by, '', changes, 'patch');
  }

  async read(by: Actor): Promise<Response> {
    return this.testApp.http().get(`/articles/${this.id}`).set('authorization', this.token(by));
  }

  /** The article's stored events, oldest first, as the audit would see them. */
  async events(): Promise<
    { type: string; data: Record<string, unknown>; metadata: Record<string, unknown>; stream_version: number }[]
  > {
    return this.testApp.dataSource.query(
      `SELECT type, data, metadata, stream_version FROM events WHERE stream_id = $1 ORDER BY stream_version`,
      [`article-${this.id}`],
    );
  }

  private token(actor: Actor): string {
    const token = this.tokens.get(actor.id);
    if (token === undefined) throw new Error(`no token for ${actor.id}`);
    return token;
  }
}
