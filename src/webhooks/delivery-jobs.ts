import PgBoss from 'pg-boss';
import type { SqlClient } from '../database/sql';

/** pg-boss's schema and queues; the migration creates them (migrations/…-Webhooks.ts). */
export const JOB_SCHEMA = 'webhook_jobs';
export const DELIVERY_QUEUE = 'webhook-delivery';
/** Where pg-boss moves a delivery job that used up its retries. */
export const DEAD_DELIVERY_QUEUE = 'webhook-delivery-dead';

/** A job names one delivery and its lane (webhook and article), so the lane is locked before the delivery is read. */
export interface DeliveryJob {
  readonly deliveryId: string;
  readonly webhookId: string;
  readonly articleId: string;
}

/** pg-boss runs its SQL through this: the pool, or the connection of one transaction. */
export function jobQueueConnection(client: SqlClient): PgBoss.Db {
  return { executeSql: async (text, values) => ({ rows: await client.query(text, values ?? []) }) };
}

const NOT_CONNECTED: PgBoss.Db = {
  executeSql: () => Promise.reject(new Error('delivery jobs are only sent in a transaction given to them')),
};

/**
 * Puts delivery jobs on pg-boss's queue inside the caller's transaction, so a job exists if and only
 * if that transaction commits (the consumer's batch, a worker's step). A job takes its retry policy
 * from the queue, which each instance sets from its settings as it starts (DeliveryWorkers).
 */
export class DeliveryJobs {
  private readonly boss = new PgBoss({ db: NOT_CONNECTED, schema: JOB_SCHEMA });

  async enqueue(transaction: SqlClient, job: DeliveryJob): Promise<void> {
    const id = await this.boss.send(DELIVERY_QUEUE, { ...job }, { db: jobQueueConnection(transaction) });
    // pg-boss inserts nothing, silently, for a queue it does not know.
    if (id === null) throw new Error(`pg-boss has no queue ${DELIVERY_QUEUE} in the schema ${JOB_SCHEMA}: run the migrations`);
  }
}
