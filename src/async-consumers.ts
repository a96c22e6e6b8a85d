import { ArticleActivityProjection } from './activity/article-activity.projection';
import { AsyncConsumers } from './event-store/async-consumers';

/**
 * The asynchronous consumers, listed here where the application is composed, so the service, the
 * CLIs and the tests run the same ones: read models that may be a moment behind the appends, and
 * deliveries to the rest of the newsroom. Each has its own checkpoint; the engine runs each on one
 * instance at a time (src/event-store/projection-engine.ts).
 */
export const asyncConsumers = (): AsyncConsumers => new AsyncConsumers([new ArticleActivityProjection()]);
