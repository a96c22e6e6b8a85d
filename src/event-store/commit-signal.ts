import type { Sql } from '../database/sql';
import { EVENTS_CHANNEL } from './engine-channels';

/**
 * Wakes the consumers' runners, on whichever instance holds them, after events were committed: one
 * NOTIFY on its own, after the commit, never inside the append's transaction. PostgreSQL serialises
 * the commits of every transaction that has notified (they queue on one lock to write the
 * notification queue), which would put all appends in single file; a NOTIFY afterwards costs one
 * statement outside the transaction (docs/decisions/0021). Commits that arrive while a NOTIFY is
 * on its way share the next one. It is a hint: a NOTIFY lost to a failure is made up for by polling.
 */
export class CommitSignal {
  private sending = false;
  private again = false;

  constructor(private readonly sql: Pick<Sql, 'query'>) {}

  committed(): void {
    if (this.sending) {
      this.again = true;
      return;
    }
    this.sending = true;
    void this.send();
  }

  private async send(): Promise<void> {
    do {
      this.again = false;
      await this.sql.query(`SELECT pg_notify('${EVENTS_CHANNEL}', '')`).catch(() => undefined);
    } while (this.again);
    this.sending = false;
  }
}
