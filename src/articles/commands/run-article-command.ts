import { Command, CommandHandler, type ICommandHandler } from '@nestjs/cqrs';
import type { KeyedRequest } from '../../common/idempotency-key';
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
  /** False when the command changed nothing (an edit that repeats the current content, or a replay). */
  readonly changed: boolean;
  /** Where the answer points: the `location` asked for, or the first answer's on a replay. */
  readonly location: string | null;
}

export interface ArticleCommandAnswer {
  /** The resource the command creates, for the Location header. */
  readonly location?: string;
  /** The client's Idempotency-Key: a retry then returns the first answer and writes nothing. */
  readonly idempotency?: KeyedRequest | null;
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
    readonly answer: ArticleCommandAnswer = {},
  ) {
    super();
  }
}

@CommandHandler(RunArticleCommand)
export class RunArticleCommandHandler implements ICommandHandler<RunArticleCommand, ArticleCommandResult> {
  constructor(private readonly runner: CommandRunner) {}

  async execute({ articleId, expectedVersion, command, metadata, answer }: RunArticleCommand): Promise<ArticleCommandResult> {
    const location = answer.location ?? null;
    const outcome = await this.runner.run({
      streamId: articleStreamId(articleId),
      expectedVersion,
      command,
      metadata,
      decider: { initialState, evolve, decide },
      codec: articleCodec,
      // Keys are scoped to the actor: two people's clients may well pick the same key.
      ...(answer.idempotency ? { idempotency: { ...answer.idempotency, scope: command.actor.id, location } } : {}),
    });
    return {
      article: toArticleView(outcome.state),
      changed: outcome.events.length > 0,
      location: outcome.replayed ? outcome.replayed.location : location,
    };
  }
}
