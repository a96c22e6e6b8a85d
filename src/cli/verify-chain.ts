import { runDatabaseCommand } from './database-command';
import { runVerify } from './verify-command';

/**
 * npm run verify [-- --stream <id>] [--read-models]: exit code 0 when everything checked holds, 1 when
 * a link is broken, a read model differs or the check failed, 2 when the arguments are wrong. Beside a
 * running service on the embedded database, it connects to the server that service started.
 */
runDatabaseCommand('verify', runVerify, { shareRunning: true });
