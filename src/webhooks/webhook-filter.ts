/** Which events a webhook receives; null in a list means every one. */
export interface WebhookFilter {
  readonly eventTypes: readonly string[] | null;
  readonly articleIds: readonly string[] | null;
  /**
   * PostgreSQL's snapshot when the webhook was made, as text (`xmin:xmax:xip,…`): the events of the
   * transactions it saw committed came before the webhook and are not delivered.
   */
  readonly createdSnapshot: string;
}

/** What a filter looks at in an event of an article. */
export interface FilteredEvent {
  readonly type: string;
  readonly articleId: string;
  /** The appending transaction's id (xid8), as a decimal string. */
  readonly transactionId: string;
}

export function receives(filter: WebhookFilter, event: FilteredEvent): boolean {
  return (
    !committedIn(filter.createdSnapshot, BigInt(event.transactionId)) &&
    (filter.eventTypes === null || filter.eventTypes.includes(event.type)) &&
    (filter.articleIds === null || filter.articleIds.includes(event.articleId))
  );
}

/**
 * PostgreSQL's pg_visible_in_snapshot: a transaction below xmin had ended, one from xmax on had not
 * started, and one in between had ended unless the snapshot lists it as running.
 */
function committedIn(snapshot: string, transactionId: bigint): boolean {
  const [xmin, xmax, running] = snapshot.split(':');
  if (transactionId < BigInt(xmin)) return true;
  if (transactionId >= BigInt(xmax)) return false;
  return !(running ?? '')
    .split(',')
    .filter((each) => each !== '')
    .some((each) => BigInt(each) === transactionId);
}
