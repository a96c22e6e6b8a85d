import { DeskProjection } from '../desk/desk.projection';
import { InlineProjectionRegistry } from '../event-store/projection-registry';
import { PublishedProjection } from '../published/published.projection';
import { ScheduledPublicationsProjection } from '../scheduling/scheduled-publications.projection';

/**
 * The inline projections the application's modules register, for tools that run without starting
 * the application (which would also start the scheduler), in the order the application registers
 * them. test/verify.e2e-spec.ts checks that the two lists stay the same.
 */
export function inlineProjections(): InlineProjectionRegistry {
  const registry = new InlineProjectionRegistry();
  for (const projection of [
    new DeskProjection(registry),
    new PublishedProjection(registry),
    new ScheduledPublicationsProjection(registry),
  ]) {
    projection.onModuleInit();
  }
  return registry;
}
