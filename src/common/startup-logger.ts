import { ConsoleLogger } from '@nestjs/common';
import { StartupError } from './startup-error';

/**
 * Nest's console logger, but a StartupError raised while the app is being created is not printed by
 * Nest's ExceptionHandler, which would print it with its stack: Nest rethrows it to main.ts, which
 * prints its one sentence.
 */
export class StartupLogger extends ConsoleLogger {
  override error(message: unknown, ...optionalParams: unknown[]): void {
    if (message instanceof StartupError) return;
    super.error(message, ...optionalParams);
  }
}
