import { runDatabaseCommand } from './database-command';
import { runRebuild } from './rebuild-command';

/** npm run rebuild -- <projection>: beside the running service, on its embedded database too. Ctrl-C stops it cleanly. */
const stop = new AbortController();
process.once('SIGINT', () => stop.abort(new Error('stopped by Ctrl-C')));
runDatabaseCommand(
  'rebuild',
  (dataSource, output, args) => runRebuild(dataSource, { ...output, terminal: process.stderr.isTTY }, args, stop.signal),
  { shareRunning: true, quiet: true },
);
