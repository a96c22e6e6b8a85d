/**
 * Told how long each successful append took. The service's metrics provide it; where none is
 * provided (tests, CLIs) the store times nothing.
 */
export abstract class AppendTimer {
  abstract appended(seconds: number): void;
}
