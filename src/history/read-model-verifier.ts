import { Injectable } from '@nestjs/common';
import { Sql, type SqlClient } from '../database/sql';
import type { ProjectedTable } from '../event-store/inline-projection';
import { InlineProjections } from '../event-store/inline-projections';
import { AsyncConsumers } from '../event-store/async-consumers';
import { START_OF_LOG } from '../event-store/commit-order';
import { ConsumerCheckpoints } from '../event-store/consumer-checkpoints';
import { ProjectionReplay } from '../event-store/projection-replay';
import { identifier, TEMPORARY_SCHEMA } from '../event-store/table-copies';

export interface ColumnDifference {
  readonly column: string;
  /** The value a replay of the events gives (null when the replay has no such row). */
  readonly expected: unknown;
  /** The value in the live table (null when it has no such row). */
  readonly found: unknown;
}

export interface RowDifference {
  readonly table: string;
  readonly key: string;
  /** missing: the replay has the row and the live table not; unexpected: the other way round. */
  readonly problem: 'different' | 'missing' | 'unexpected';
  readonly columns: readonly ColumnDifference[];
  readonly detail: string;
}

export interface TableReport {
  readonly table: string;
  /** Rows compared: those in the live table or in the replay (or in either, for one article). */
  readonly rows: number;
  readonly differing: number;
  /** The differing row with the lowest key. */
  readonly firstDifference: RowDifference | null;
  /** What was left out of the comparison, why, and in how many rows. */
  readonly notCompared: readonly { readonly columns: readonly string[]; readonly why: string; readonly rows: number }[];
}

export interface ReadModelReport {
  readonly intact: boolean;
  /** Events replayed: those some inline projection handles. */
  readonly events: number;
  /** Each asynchronous consumer's tables are compared with a replay up to its checkpoint: how far that was. */
  readonly consumers: readonly { readonly name: string; readonly upToPosition: number; readonly events: number }[];
  readonly tables: readonly TableReport[];
}

interface TableSummary {
  rows: number;
  differing: number;
  [rule: `rule_${number}`]: number;
}

interface DifferingRow {
  key: string;
  found: Record<string, unknown> | null;
  expected: Record<string, unknown> | null;
}

const SHOWN_VALUE_LENGTH = 80;

/**
 * Checks that each read model holds exactly what its projection makes of the events: the events are
 * replayed through the same projection code into temporary copies of the tables (ProjectionReplay,
 * which rebuilds use too), and each copy is compared with its live table in SQL, row for row on the
 * key and column for column. An asynchronous consumer's tables are compared with a replay up to its
 * checkpoint, which moves in the same transactions as they do. Everything is read in one REPEATABLE
 * READ snapshot, so appends and consumers running meanwhile change neither side. The transaction is
 * always rolled back: the copies go with it, and nothing the replay did can reach a live table.
 */
@Injectable()
export class ReadModelVerifier {
  constructor(
    private readonly sql: Sql,
    private readonly replay: ProjectionReplay,
    private readonly projections: InlineProjections,
    private readonly consumers: AsyncConsumers,
  ) {}

  async verify(scope: { readonly streamId?: string } = {}): Promise<ReadModelReport> {
    // One snapshot for the replay and both sides of every comparison, always rolled back: the
    // copies go with it, and nothing the replay did can reach a live table.
    return this.sql.transaction(
      async (transaction) => {
        const { liveSchema, events } = await this.replay.run(transaction, this.replay.inline(this.projections), {
          schema: TEMPORARY_SCHEMA,
          streamId: scope.streamId,
        });
        const tables: TableReport[] = [];
        const compareAll = async (projected: readonly ProjectedTable[]) => {
          for (const table of projected) {
            const key = scope.streamId === undefined ? undefined : table.keyOf(scope.streamId);
            tables.push(await compare(transaction, table, liveSchema, key));
          }
        };
        await compareAll(this.projections.all.flatMap((projection) => projection.tables));
        const consumers: ReadModelReport['consumers'][number][] = [];
        const checkpoints = new ConsumerCheckpoints(this.sql);
        for (const consumer of this.consumers.all.filter((each) => each.tables.length > 0)) {
          const upTo = (await checkpoints.read(consumer.name, transaction))?.cursor ?? START_OF_LOG;
          const replayed = await this.replay.run(transaction, this.replay.consumer(consumer), {
            schema: TEMPORARY_SCHEMA,
            streamId: scope.streamId,
            upTo,
            liveSchema,
          });
          consumers.push({ name: consumer.name, upToPosition: Number(upTo.position), events: replayed.events });
          await compareAll(consumer.tables);
        }
        return { intact: tables.every((table) => table.differing === 0), events, consumers, tables };
      },
      { isolation: 'REPEATABLE READ', rollback: true },
    );
  }
}

/**
 * One table against its replayed copy: `key` undefined compares every row, null none (a stream this
 * table never holds), a value that one row. Each side is turned into jsonb, so a column added to
 * the table later is compared without a change here.
 */
async function compare(
  runner: SqlClient,
  table: ProjectedTable,
  liveSchema: string,
  key: string | null | undefined,
): Promise<TableReport> {
  const rules = table.notFromEvents ?? [];
  const name = identifier(table.name);
  const keyColumn = identifier(table.key);
  const only = key === undefined ? '' : key === null ? 'WHERE false' : `WHERE ${keyColumn} = $1`;
  // A rule's columns leave both sides of a row when its condition holds on the live row.
  const present = `live_row.${keyColumn} IS NOT NULL`;
  const applies = rules.map((rule) => `(${present} AND coalesce((${rule.when ?? 'true'}), false))`);
  const leftOut = rules.length
    ? rules.map((rule, index) => `CASE WHEN ${applies[index]} THEN ${textArray(rule.columns)} ELSE '{}'::text[] END`).join(' || ')
    : `'{}'::text[]`;
  const pairs = `
    WITH pairs AS (
      SELECT coalesce(live_row.${keyColumn}, replayed_row.${keyColumn})::text AS key,
             CASE WHEN ${present} THEN to_jsonb(live_row) - (${leftOut}) END AS found,
             CASE WHEN replayed_row.${keyColumn} IS NOT NULL THEN to_jsonb(replayed_row) - (${leftOut}) END AS expected
             ${applies.map((condition, index) => `, ${condition} AS rule_${index}`).join('')}
      FROM (SELECT * FROM ${identifier(liveSchema)}.${name} ${only}) AS live_row
      FULL JOIN (SELECT * FROM ${identifier(TEMPORARY_SCHEMA)}.${name} ${only}) AS replayed_row
        ON replayed_row.${keyColumn} = live_row.${keyColumn}
    )`;
  const parameters = key ? [key] : [];
  const [summary]: TableSummary[] = await runner.query(
    `${pairs}
     SELECT count(*)::int AS rows, (count(*) FILTER (WHERE found IS DISTINCT FROM expected))::int AS differing
            ${rules.map((_, index) => `, (count(*) FILTER (WHERE rule_${index}))::int AS rule_${index}`).join('')}
     FROM pairs`,
    parameters,
  );
  const [first]: DifferingRow[] =
    summary.differing === 0
      ? []
      : await runner.query(
          `${pairs} SELECT key, found, expected FROM pairs WHERE found IS DISTINCT FROM expected ORDER BY key LIMIT 1`,
          parameters,
        );
  return {
    table: table.name,
    rows: summary.rows,
    differing: summary.differing,
    firstDifference: first ? rowDifference(table, first) : null,
    notCompared: rules.map((rule, index) => ({ columns: rule.columns, why: rule.why, rows: summary[`rule_${index}`] })),
  };
}

function rowDifference(table: ProjectedTable, { key, found, expected }: DifferingRow): RowDifference {
  const where = `${table.name} row ${table.key}=${key}`;
  const columnNames = [...new Set([...Object.keys(expected ?? {}), ...Object.keys(found ?? {})])];
  const columns = columnNames
    .map((column) => ({ column, expected: expected?.[column] ?? null, found: found?.[column] ?? null }))
    .filter(({ expected: wanted, found: seen }) => found === null || expected === null || !sameJson(wanted, seen));
  if (found === null) {
    return { table: table.name, key, problem: 'missing', columns, detail: `${where} is missing: a replay of the events has it` };
  }
  if (expected === null) {
    return {
      table: table.name,
      key,
      problem: 'unexpected',
      columns,
      detail: `${where} is there, but no replay of the events has it`,
    };
  }
  const shown = columns.map((column) => `${column.column}: expected ${show(column.expected)}, found ${show(column.found)}`);
  return {
    table: table.name,
    key,
    problem: 'different',
    columns,
    detail: `${where} differs from a replay of the events in ${shown.join('; ')}`,
  };
}

/** Both sides come out of jsonb, which orders object keys one way, so equal values print equally. */
const sameJson = (a: unknown, b: unknown): boolean => JSON.stringify(a) === JSON.stringify(b);

function show(value: unknown): string {
  const text = JSON.stringify(value);
  return text.length > SHOWN_VALUE_LENGTH ? `${text.slice(0, SHOWN_VALUE_LENGTH - 1)}…` : text;
}

function textArray(values: readonly string[]): string {
  return `ARRAY[${values.map((value) => `'${value.replaceAll("'", "''")}'`).join(', ')}]::text[]`;
}
