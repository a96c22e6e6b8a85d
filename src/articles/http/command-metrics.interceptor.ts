import { Injectable, type CallHandler, type ExecutionContext, type NestInterceptor } from '@nestjs/common';
import { tap, type Observable } from 'rxjs';
import { ServiceMetrics } from '../../metrics/service-metrics';
import type { ArticleCommand } from '../domain/article.commands';

/**
 * The command each write route sends, by the controller method that serves it: a request the edge
 * refuses never becomes a command, yet is counted as that command's `invalid`
 * (command-metrics.interceptor.spec.ts checks that every write route is here).
 */
export const COMMAND_OF_WRITE_ROUTE: Readonly<Record<string, ArticleCommand['type']>> = {
  create: 'CreateDraft',
  edit: 'EditArticle',
  attributeSource: 'AttributeSource',
  removeSource: 'RemoveSource',
  submit: 'SubmitForReview',
  requestChanges: 'RequestChanges',
  approve: 'ApproveArticle',
  publish: 'PublishArticle',
  cancelSchedule: 'CancelSchedule',
  unpublish: 'UnpublishArticle',
  restore: 'RestoreRevision',
  comment: 'AddComment',
  spike: 'SpikeArticle',
};

/** Counts each write request once, as its command and outcome (copydesk_commands_total). */
@Injectable()
export class CommandMetricsInterceptor implements NestInterceptor {
  constructor(private readonly metrics: ServiceMetrics) {}

  intercept(context: ExecutionContext, next: CallHandler): Observable<unknown> {
    const command = COMMAND_OF_WRITE_ROUTE[context.getHandler().name];
    return next.handle().pipe(
      tap({
        next: () => this.metrics.commandAccepted(command),
        error: (error: unknown) => this.metrics.commandFailed(command, error),
      }),
    );
  }
}
