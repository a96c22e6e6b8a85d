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

/**
 * SQL that is true while some session holds the advisory lock (space, hashtext(name)): whether a
 * consumer's lease or a rebuild is held, read from pg_locks rather than from what a row last said.
 */
export const advisoryLockHeld = (space: string, name: string): string => `EXISTS (
  SELECT 1 FROM pg_locks l
  WHERE l.locktype = 'advisory' AND l.granted AND l.objsubid = 2
    AND l.database = (SELECT oid FROM pg_database WHERE datname = current_database())
    AND l.classid = ${space}::integer::oid AND l.objid = hashtext(${name})::oid)`;

/** Tells the runner of `consumer`, wherever it runs, that its checkpoint changed. */
export async function notifyConsumer(sql: Pick<Sql, 'query'>, consumer: string): Promise<void> {
  await sql.query(`SELECT pg_notify('${CONTROL_CHANNEL}', $1)`, [consumer]);
}
