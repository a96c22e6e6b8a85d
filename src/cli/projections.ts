import { runDatabaseCommand } from './database-command';
import { runProjections } from './projections-command';

/** npm run projections [-- list | pause <name> | resume <name> | reset <name>] [--json], beside a running service or not. */
runDatabaseCommand('projections', runProjections, { shareRunning: true, quiet: true });
