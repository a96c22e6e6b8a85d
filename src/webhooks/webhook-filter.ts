/** Which events a webhook receives; null in a list means every one. */
export interface WebhookFilter {
  readonly eventTypes: readonly string[] | null;
  readonly articleIds: readonly string[] | null;
  /** Events of transactions from this id on (xid8, decimal): those still running when it was made, and later ones. */
  readonly fromTransactionId: string;
}

/** What a filter looks at in an event of an article. */
export interface FilteredEvent {
  readonly type: string;
  readonly articleId: string;
  readonly transactionId: string;
}

export function receives(filter: WebhookFilter, event: FilteredEvent): boolean {
  return (
    BigInt(event.transactionId) >= BigInt(filter.fromTransactionId) &&
    (filter.eventTypes === null || filter.eventTypes.includes(event.type)) &&
    (filter.articleIds === null || filter.articleIds.includes(event.articleId))
  );
}
