import type { Sql } from '../database/sql';

/** NOTIFY channel: events were committed (no payload); every runner holding a lease looks for them. */
export const EVENTS_CHANNEL = 'copydesk_events';
/** NOTIFY channel: the checkpoint of the consumer named in the payload was changed from outside its runner. */
export const CONTROL_CHANNEL = 'copydesk_projections';

/**
 * The first key of the two-key advisory locks (the second is hashtext of the name), one space each
 * so a consumer's lease and a rebuild of the same name never meet: 'CDP1' and 'CDR1'.
 */
export const LEASE_LOCKS = 0x43445031;
export const REBUILD_LOCKS = 0x43445231;

/** Tells the runner of `consumer`, wherever it runs, that its checkpoint changed. */
export async function notifyConsumer(sql: Pick<Sql, 'query'>, consumer: string): Promise<void> {
  await sql.query(`SELECT pg_notify('${CONTROL_CHANNEL}', $1)`, [consumer]);
}
