/**
 * How article events are stored, version by version. A stored row is never rewritten: an older
 * shape is upcast, one version at a time, each time it is read.
 *
 * ArticleDrafted
 * - v1 (written until the audit trail came in): data = { articleId, ...content }.
 * - v2: data = content. The article's id is its stream's id (`article-<id>`); stored twice, the two
 *   could disagree, and the one in the data would win the fold. Now there is one, the stream's.
 */
type StoredData = Readonly<Record<string, unknown>>;
type Upcaster = (data: StoredData) => StoredData;

/**
 * Per event type, the function that turns version n into version n + 1, at index n - 1. Keyed by
 * name, not by the vocabulary's types: article.events.ts imports this module.
 */
const UPCASTERS: Readonly<Record<string, readonly Upcaster[]>> = {
  ArticleDrafted: [({ articleId: _articleId, ...content }) => content],
};

/** One more than the steps that lead to it, so adding an upcaster is all a new version takes. */
export function currentSchemaVersion(type: string): number {
  return (UPCASTERS[type]?.length ?? 0) + 1;
}

/** The stored data in the current shape of its type. */
export function upcast(type: string, schemaVersion: number, data: StoredData): StoredData {
  const steps = UPCASTERS[type] ?? [];
  const current = currentSchemaVersion(type);
  if (schemaVersion > current) {
    throw new RangeError(`${type} schema version ${schemaVersion} is newer than this code knows (${current})`);
  }
  return steps.slice(schemaVersion - 1, current - 1).reduce((shape, step) => step(shape), data);
}
