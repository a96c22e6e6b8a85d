import type { SqlClient } from '../database/sql';

/** The temporary schema: copies made there are the session's own and go with the transaction. */
export const TEMPORARY_SCHEMA = 'pg_temp';

/** A schema or table name as SQL: these come from code, but quoting keeps an odd one from being read as SQL. */
export function identifier(name: string): string {
  return `"${name.replaceAll('"', '""')}"`;
}

interface Definition {
  name: string;
  definition: string;
  unique: boolean;
}

/** The copies' indexes that no constraint or uniqueness needs while they are written: to be built once they are full. */
export interface DeferredIndexes {
  create(): Promise<void>;
}

/**
 * Empty copies of live tables in another schema: the same columns, defaults, NOT NULLs, and the
 * same constraints and indexes under the same names. `LIKE … INCLUDING ALL` would name constraints
 * afresh, and code that recognises a violation by its constraint's name (a slug already published)
 * would then meet a plain database error in a replay, and in a table swapped in by a rebuild for
 * good. Index names only need to be unique within a schema, so the copies can carry the live ones.
 *
 * Constraints and unique indexes are there from the start, since a replay must meet what the
 * appends met. The other indexes only speed up reads, and keeping one up to date costs every
 * write of a replay (a text-search index most of all), so they are left to the caller to build at
 * the end, in one pass each; a comparison that joins on the primary key never needs them.
 * `unlogged` makes copies that write no WAL while they are filled (ALTER TABLE … SET LOGGED later
 * writes each once, in its final state); a crash empties them, which only restarts a rebuild.
 */
export async function copyTables(
  runner: SqlClient,
  tables: readonly string[],
  liveSchema: string,
  schema: string,
  { unlogged = false }: { readonly unlogged?: boolean } = {},
): Promise<DeferredIndexes> {
  const temporary = schema === TEMPORARY_SCHEMA;
  const deferred: string[] = [];
  for (const table of tables) {
    const live = `${identifier(liveSchema)}.${identifier(table)}`;
    const copy = `${identifier(schema)}.${identifier(table)}`;
    const like = `LIKE ${live} INCLUDING DEFAULTS INCLUDING IDENTITY INCLUDING GENERATED INCLUDING STORAGE INCLUDING COMPRESSION`;
    await runner.query(
      temporary
        ? `CREATE TEMPORARY TABLE ${identifier(table)} (${like}) ON COMMIT DROP`
        : `CREATE ${unlogged ? 'UNLOGGED ' : ''}TABLE ${copy} (${like})`,
    );
    // Primary keys, unique, check and exclusion constraints; NOT NULL came with LIKE.
    const constraints = await runner.query<Definition>(
      `SELECT conname AS name, pg_get_constraintdef(oid) AS definition, false AS unique
       FROM pg_constraint WHERE conrelid = $1::regclass AND contype IN ('p', 'u', 'c', 'x')
       ORDER BY contype <> 'p', conname`,
      [live],
    );
    for (const constraint of constraints) {
      await runner.query(`ALTER TABLE ${copy} ADD CONSTRAINT ${identifier(constraint.name)} ${constraint.definition}`);
    }
    // The other indexes: their definition from USING on (method, columns, INCLUDE, WHERE) is the live one's.
    const indexes = await runner.query<Definition>(
      `SELECT index.relname AS name, pg_get_indexdef(i.indexrelid) AS definition, i.indisunique AS unique
       FROM pg_index i JOIN pg_class index ON index.oid = i.indexrelid
       WHERE i.indrelid = $1::regclass AND NOT EXISTS (SELECT 1 FROM pg_constraint c WHERE c.conindid = i.indexrelid)
       ORDER BY index.relname`,
      [live],
    );
    for (const index of indexes) {
      const using = index.definition.slice(index.definition.indexOf(' USING '));
      const create = `CREATE ${index.unique ? 'UNIQUE ' : ''}INDEX ${identifier(index.name)} ON ${copy}${using}`;
      if (index.unique) await runner.query(create);
      else deferred.push(create);
    }
  }
  return {
    create: async () => {
      for (const create of deferred) await runner.query(create);
    },
  };
}
