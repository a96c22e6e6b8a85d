import { Command, CommandHandler, type ICommandHandler } from '@nestjs/cqrs';
import { CommandRunner } from '../../event-store/command-runner';
import type { CommandMetadata } from '../../event-store/decider';
import type { ExpectedVersion } from '../../event-store/expected-version';
import { articleCodec } from '../article.codec';
import { toArticleView, type ArticleView } from '../article.view';
import type { ArticleCommand } from '../domain/article.commands';
import { decide, evolve, initialState } from '../domain/article.decider';
import { articleStreamId } from '../domain/article.events';

export interface ArticleCommandResult {
  readonly article: ArticleView;
  /** False when the command changed nothing (an edit that repeats the current content). */
  readonly changed: boolean;
}

/**
 * Every article command takes the same path: load, decide, append, project. One bus command
 * carries any of them, so there is one handler and not seven copies of it.
 */
export class RunArticleCommand extends Command<ArticleCommandResult> {
  constructor(
    readonly articleId: string,
    readonly expectedVersion: ExpectedVersion,
    readonly command: ArticleCommand,
    readonly metadata: CommandMetadata,
  ) {
    super();
  }
}

@CommandHandler(RunArticleCommand)
export class RunArticleCommandHandler implements ICommandHandler<RunArticleCommand, ArticleCommandResult> {
  constructor(private readonly runner: CommandRunner) {}

  async execute({ articleId, expectedVersion, command, metadata }: RunArticleCommand): Promise<ArticleCommandResult> {
    const outcome = await this.runner.run({
      streamId: articleStreamId(articleId),
      expectedVersion,
      command,
      metadata,
      decider: { initialState, evolve, decide },
      codec: articleCodec,
    });
    return { article: toArticleView(outcome.state), changed: outcome.events.length > 0 };
  }
}
