import { userInfo, hostname } from 'node:os';
import { parseArgs } from 'node:util';
import type { DataSource } from 'typeorm';
import { ProblemException } from '../common/problem.exception';
import type { ProjectionsAdmin, ProjectionReport } from '../projections/projections-admin';
import { projectionsAdmin } from './projections-admin-of';
import type { Output } from './verify-command';

const USAGE =
  'usage: npm run projections [-- list | pause <name> | resume <name> | reset <name>] [--json]\n' +
  '  list (the default): every projection, inline and asynchronous, with its state and lag\n' +
  '  pause, resume, reset: an asynchronous consumer, wherever it runs (reset empties its tables and starts it over)';

const ACTIONS = ['list', 'pause', 'resume', 'reset'] as const;
type Action = (typeof ACTIONS)[number];

/**
 * What the admin API's GET/POST /admin/projections does, from the command line, through the same
 * ProjectionsAdmin. Exit code 0: done; 1: refused (an unknown name, an inline projection); 2: the
 * arguments are wrong.
 */
export async function runProjections(dataSource: DataSource, output: Output, args: readonly string[]): Promise<0 | 1 | 2> {
  let parsed;
  try {
    parsed = parseArgs({ args: [...args], options: { json: { type: 'boolean' } }, allowPositionals: true, strict: true });
  } catch (error) {
    output.err(`projections: ${(error as Error).message}\n${USAGE}\n`);
    return 2;
  }
  const [action = 'list', name, ...rest] = parsed.positionals;
  const named = action !== 'list';
  if (!ACTIONS.includes(action as Action) || named !== (name !== undefined) || rest.length > 0) {
    output.err(`projections: not a command: ${parsed.positionals.join(' ')}\n${USAGE}\n`);
    return 2;
  }
  const admin = projectionsAdmin(dataSource);
  try {
    const reports = await act(admin, action as Action, name);
    output.out(parsed.values.json ? `${JSON.stringify(reports, null, 2)}\n` : table(reports));
    return 0;
  } catch (error) {
    if (!(error instanceof ProblemException)) throw error;
    output.err(`projections: ${error.problemDetails.detail}\n`);
    return 1;
  }
}

async function act(admin: ProjectionsAdmin, action: Action, name: string | undefined): Promise<ProjectionReport[]> {
  switch (action) {
    case 'list':
      return admin.list();
    case 'pause':
      return [await admin.pause(name!, `the command line (${userInfo().username}@${hostname()})`)];
    case 'resume':
      return [await admin.resume(name!)];
    case 'reset':
      return [await admin.reset(name!)];
  }
}

/** One line per projection, and under a consumer that needs attention, why. */
function table(reports: readonly ProjectionReport[]): string {
  const rows = reports.map((report) => [
    report.name,
    report.kind,
    report.state,
    String(report.lag.events),
    report.lag.seconds.toFixed(1),
    report.kind === 'async' ? (report.runner?.instance ?? '-') : '(in each append)',
    report.kind === 'async' ? String(report.deadLetters) : '-',
  ]);
  const header = ['projection', 'kind', 'state', 'lag events', 'lag s', 'runner', 'dead letters'];
  const widths = header.map((title, column) => Math.max(title.length, ...rows.map((row) => row[column].length)));
  const line = (cells: readonly string[]) =>
    cells
      .map((cell, column) => cell.padEnd(widths[column]))
      .join('  ')
      .trimEnd();
  const notes = reports.flatMap((report) =>
    report.kind !== 'async'
      ? []
      : [
          ...(report.paused ? [`${report.name}: paused: ${report.paused.reason}`] : []),
          ...(report.failure && !report.paused
            ? [
                `${report.name}: failing on event ${report.failure.position} (attempt ${report.failure.attempts}): ${report.failure.error}`,
              ]
            : []),
        ],
  );
  return [line(header), ...rows.map(line), ...notes].join('\n') + '\n';
}
