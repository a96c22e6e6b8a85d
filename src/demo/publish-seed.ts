import type { components } from './copydesk-api';
import type { CopydeskClient } from './copydesk-client';
import { CopydeskRefusal } from './copydesk-client';
import type { SeedArticle } from './seed-article';

type ArticleView = components['schemas']['ArticleView'];

export interface SeedTokens {
  readonly editor: string;
  readonly reviewer: string;
  readonly publisher: string;
}

/** One answer of a write: the article, and the ETag the next write names in If-Match. */
interface Written {
  readonly article: ArticleView;
  readonly etag: string;
}

const bearer = (token: string) => ({ authorization: `Bearer ${token}` });

/** The article and its ETag, or the refusal, from a typed call's result. */
function written(call: string, result: { data?: ArticleView; error?: unknown; response: Response }): Written {
  if (result.data === undefined) throw new CopydeskRefusal(call, result.response.status, result.error);
  return { article: result.data, etag: result.response.headers.get('etag') ?? '' };
}

/**
 * The seed article from draft to published over the HTTP API, as three people: the editor drafts,
 * attributes its sources and submits it, a reviewer approves it, a publisher publishes it. `say`
 * hears who did each step.
 */
export async function publishSeed(
  client: CopydeskClient,
  seed: SeedArticle,
  tokens: SeedTokens,
  say: (who: keyof SeedTokens, what: string) => void = () => undefined,
): Promise<ArticleView> {
  let { article, etag } = written(
    'POST /articles',
    await client.POST('/articles', { headers: bearer(tokens.editor), body: seed.draft }),
  );
  const id = article.id;
  say('editor', `created draft ${id}`);
  for (const source of seed.sources) {
    ({ article, etag } = written(
      `POST /articles/${id}/sources`,
      await client.POST('/articles/{id}/sources', {
        params: { path: { id }, header: { 'If-Match': etag } },
        headers: bearer(tokens.editor),
        body: source,
      }),
    ));
    say('editor', `attributed ${source.name} (${source.role})`);
  }
  const steps = [
    ['/articles/{id}/submit', 'editor', 'submitted it for review'],
    ['/articles/{id}/approve', 'reviewer', 'approved it'],
    ['/articles/{id}/publish', 'publisher', 'published it'],
  ] as const;
  for (const [path, who, done] of steps) {
    ({ article, etag } = written(
      `POST ${path.replace('{id}', id)}`,
      await client.POST(path, { params: { path: { id }, header: { 'If-Match': etag } }, headers: bearer(tokens[who]), body: {} }),
    ));
    say(who, `${done} (version ${article.version})`);
  }
  return article;
}
