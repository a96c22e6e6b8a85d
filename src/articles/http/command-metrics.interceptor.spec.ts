import { INTERCEPTORS_METADATA } from '@nestjs/common/constants';
import { ArticlesController } from './articles.controller';
import { COMMAND_OF_WRITE_ROUTE, CommandMetricsInterceptor } from './command-metrics.interceptor';

describe('COMMAND_OF_WRITE_ROUTE', () => {
  it('names the command of every route whose requests are counted, and of no other', () => {
    const counted = Object.getOwnPropertyNames(ArticlesController.prototype).filter((method) => {
      const handler = (ArticlesController.prototype as unknown as Record<string, object>)[method];
      const interceptors: unknown[] = Reflect.getMetadata(INTERCEPTORS_METADATA, handler) ?? [];
      return interceptors.includes(CommandMetricsInterceptor);
    });
    expect(counted.length).toBeGreaterThan(0);
    expect(Object.keys(COMMAND_OF_WRITE_ROUTE).sort()).toEqual(counted.sort());
  });
});
