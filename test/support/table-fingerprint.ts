import type { DataSource } from 'typeorm';

/** Row count and a hash of every row, per table. */
export type TableFingerprint = Readonly<Record<string, { readonly rows: number; readonly md5: string }>>;

/** TypeORM's bookkeeping (see data-source-options), not data a request may change. */
const NOT_DATA = new Set(['schema_migrations']);

/**
 * The tables of schema public as the database lists them, so a table added by a later migration is
 * covered without anyone remembering to add it here.
 */
export async function dataTables(dataSource: DataSource): Promise<string[]> {
  const rows: { table_name: string }[] = await dataSource.query(
    `SELECT table_name FROM information_schema.tables
     WHERE table_schema = 'public' AND table_type = 'BASE TABLE' ORDER BY table_name`,
  );
  return rows.map((row) => row.table_name).filter((name) => !NOT_DATA.has(name));
}

/**
 * One query for all tables: count(*) and md5 of every row's text, ordered by that text so the hash
 * does not depend on physical order. Any insert, update or delete in any of them changes it.
 */
export async function fingerprint(dataSource: DataSource, tables: readonly string[]): Promise<TableFingerprint> {
  const selects = tables.map(
    (table) =>
      `SELECT ${literal(table)} AS name, count(*)::int AS rows,
              md5(coalesce(string_agg(t::text, E'\\n' ORDER BY t::text), '')) AS md5
       FROM ${identifier(table)} t`,
  );
  const rows: { name: string; rows: number; md5: string }[] = await dataSource.query(selects.join(' UNION ALL '));
  return Object.fromEntries(rows.map(({ name, rows: count, md5 }) => [name, { rows: count, md5 }]));
}

/** The tables whose fingerprint differs, for a failure message that says where the write went. */
export function changedTables(before: TableFingerprint, after: TableFingerprint): string[] {
  return Object.keys(before).filter(
    (table) => before[table].rows !== after[table]?.rows || before[table].md5 !== after[table]?.md5,
  );
}

const identifier = (name: string): string => `"${name.replaceAll('"', '""')}"`;
const literal = (name: string): string => `'${name.replaceAll("'", "''")}'`;
