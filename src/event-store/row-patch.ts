import { identifier } from './table-copies';

/** A column set by an SQL expression of one value, written `?` in it: `to_tsvector('simple', ?)`. */
export interface Computed {
  readonly computed: string;
  readonly value: unknown;
}

export const computed = (sql: string, value: unknown): Computed => ({ computed: sql, value });

/**
 * Columns of one existing row, found by its key, set only while the row's version column is below
 * `version`, which the patch also sets — so an event applied a second time changes nothing. It is the
 * UPDATE a projection writes when an event changes a row, said as data, so that a replay can merge
 * a row's patches (mergePatches) and write each row once per batch instead of once per event.
 */
export interface RowPatch {
  readonly table: string;
  readonly key: { readonly column: string; readonly value: unknown };
  readonly versionColumn: string;
  readonly version: number;
  /** Column values, or Computed expressions. */
  readonly set: Readonly<Record<string, unknown>>;
}

/**
 * Two patches of one row as one: the later value of each column, and the later version. Applied in
 * turn to a row below both versions they leave it as this does; to a row that already had the first
 * (a replay applied twice), the first would be skipped and its columns are the row's already.
 */
export function mergePatches(earlier: RowPatch, later: RowPatch): RowPatch {
  return { ...later, version: Math.max(earlier.version, later.version), set: { ...earlier.set, ...later.set } };
}

/** Which row a patch is for: patches with the same one merge. */
export const patchedRow = (patch: RowPatch): string => `${patch.table}\u0000${JSON.stringify(patch.key.value)}`;

export function patchStatement(patch: RowPatch): { text: string; values: unknown[] } {
  const values: unknown[] = [patch.key.value, patch.version];
  const parameter = (value: unknown): string => `$${values.push(value)}`;
  const assignments = [
    `${identifier(patch.versionColumn)} = $2`,
    ...Object.entries(patch.set)
      .filter(([column]) => column !== patch.versionColumn)
      .map(
        ([column, value]) =>
          `${identifier(column)} = ${isComputed(value) ? value.computed.replace('?', parameter(value.value)) : parameter(value)}`,
      ),
  ];
  return {
    text: `UPDATE ${identifier(patch.table)} SET ${assignments.join(', ')}
           WHERE ${identifier(patch.key.column)} = $1 AND ${identifier(patch.versionColumn)} < $2`,
    values,
  };
}

function isComputed(value: unknown): value is Computed {
  return typeof value === 'object' && value !== null && 'computed' in value && typeof value.computed === 'string';
}
