import type { NestFastifyApplication } from '@nestjs/platform-fastify';

/** One route as Fastify registered it: `GET /articles/:id`. */
export type ServedRoute = `${string} /${string}`;

/**
 * Records every route the application registers with Fastify, from Fastify's own onRoute hook, so a
 * test can compare what it covers with what is really served instead of with a list kept by hand.
 * Call `listen(app)` before `app.init()` (see startTestApp's beforeInit): Nest registers routes then.
 */
export class ServedRoutes {
  private readonly routes = new Set<ServedRoute>();

  readonly listen = (app: NestFastifyApplication): void => {
    app
      .getHttpAdapter()
      .getInstance()
      .addHook('onRoute', (route) => {
        for (const method of [route.method].flat()) {
          // HEAD twins of GET routes are added by Fastify itself (exposeHeadRoutes); see `all()`.
          this.routes.add(`${method} ${route.url}` as ServedRoute);
        }
      });
  };

  /** Every registered method and path, HEAD included, sorted. */
  all(): ServedRoute[] {
    return [...this.routes].sort();
  }
}
