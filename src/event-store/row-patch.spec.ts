import { computed, mergePatches, patchedRow, patchStatement, type RowPatch } from './row-patch';

const patch = (version: number, set: Record<string, unknown>, key = 'a1'): RowPatch => ({
  table: 'desk_articles',
  key: { column: 'article_id', value: key },
  versionColumn: 'last_version',
  version,
  set,
});

describe('a row patch', () => {
  it('is one UPDATE of the row found by its key, while the row is below its version, which it sets', () => {
    expect(patchStatement(patch(7, { status: 'draft', search_vector: computed(`to_tsvector('simple', ?)`, 'words') }))).toEqual({
      text: expect.stringMatching(
        /^UPDATE "desk_articles" SET "last_version" = \$2, "status" = \$3, "search_vector" = to_tsvector\('simple', \$4\)\s+WHERE "article_id" = \$1 AND "last_version" < \$2$/,
      ),
      values: ['a1', 7, 'draft', 'words'],
    });
  });

  it('merges with a later one of the same row into the later value of each column, at the later version', () => {
    const merged = mergePatches(patch(5, { status: 'draft', headline: 'First' }), patch(6, { headline: 'Second', tags: ['x'] }));
    expect(merged).toEqual(patch(6, { status: 'draft', headline: 'Second', tags: ['x'] }));
  });

  it('names its row by table and key, so only patches of one row merge', () => {
    expect(patchedRow(patch(1, {}))).toBe(patchedRow(patch(2, { status: 'x' })));
    expect(patchedRow(patch(1, {}, 'a1'))).not.toBe(patchedRow(patch(1, {}, 'a2')));
  });
});
