import { parseArgs } from 'node:util';
import { plainToInstance } from 'class-transformer';
import { validate } from 'class-validator';
import type { DataSource } from 'typeorm';
import { Sql } from '../database/sql';
import { ChainVerifier } from '../event-store/chain-verifier';
import { EventStore } from '../event-store/event-store';
import { ProjectionReplay } from '../event-store/projection-replay';
import { AuditVerifier, StreamHasNoEvents, type VerifyReport } from '../history/audit-verifier';
import { ReadModelVerifier } from '../history/read-model-verifier';
import { VerifyQuery } from '../history/verify.query';
import { asyncConsumers } from '../async-consumers';
import { loadConfig } from '../config/app-config';
import { inlineProjections } from '../inline-projections';

export interface Output {
  out(text: string): void;
  err(text: string): void;
}

const USAGE = 'usage: npm run verify [-- [--stream <type>-<uuid>] [--read-models]]';

/**
 * Walks the hash chains (every stream's, or `--stream`'s) and, with `--read-models`, compares the
 * read models with a replay of the events; prints the report as JSON and one line per fault.
 * Exit code 0: everything checked holds; 1: a link is broken, a read model differs or the stream
 * has no events; 2: the arguments are wrong. The options are validated by the HTTP route's DTO.
 */
export async function runVerify(dataSource: DataSource, output: Output, args: readonly string[] = []): Promise<0 | 1 | 2> {
  const options = await parseOptions(args);
  if (typeof options === 'string') {
    output.err(`verify: ${options}\n${USAGE}\n`);
    return 2;
  }
  const projections = inlineProjections();
  const sql = Sql.of(dataSource);
  const verifier = new AuditVerifier(
    new ChainVerifier(sql),
    new ReadModelVerifier(sql, new ProjectionReplay(new EventStore(sql, projections)), projections, asyncConsumers(loadConfig())),
  );
  let report: VerifyReport;
  try {
    report = await verifier.verify(options);
  } catch (error) {
    if (!(error instanceof StreamHasNoEvents)) throw error;
    output.err(`verify: ${error.message}\n`);
    return 1;
  }
  output.out(`${JSON.stringify(report, null, 2)}\n`);
  const { chain, readModels } = report;
  for (const link of chain.brokenLinks) output.err(`verify: broken chain: ${link.detail}\n`);
  for (const table of readModels?.tables ?? []) {
    if (table.firstDifference) {
      output.err(`verify: read model differs (${table.differing} of ${table.rows} rows): ${table.firstDifference.detail}\n`);
    }
  }
  if (!report.intact) return 1;
  output.out(`verify: ${chain.events} events in ${chain.streams} streams, every chain holds\n`);
  if (readModels) {
    output.out(
      `verify: ${readModels.tables.map((table) => table.table).join(', ')} equal a replay of ${readModels.events} events\n`,
    );
  }
  return 0;
}

/** The options as the DTO reads them, or what is wrong with the arguments. */
async function parseOptions(args: readonly string[]): Promise<VerifyQuery | string> {
  let values;
  try {
    ({ values } = parseArgs({
      args: [...args],
      options: { stream: { type: 'string' }, 'read-models': { type: 'boolean' } },
      strict: true,
      allowPositionals: false,
    }));
  } catch (error) {
    return error instanceof Error ? error.message : String(error);
  }
  const query = plainToInstance(VerifyQuery, { stream: values.stream, readModels: values['read-models'] });
  const errors = await validate(query, { whitelist: true, forbidNonWhitelisted: true });
  if (errors.length === 0) return query;
  return errors
    .map(
      (error) =>
        `--${error.property === 'readModels' ? 'read-models' : error.property}: ${Object.values(error.constraints ?? {}).at(-1)}`,
    )
    .join('; ');
}
