import { Command, CommandHandler, EventBus, type ICommandHandler } from '@nestjs/cqrs';
import type { KeyedRequest } from '../../common/idempotency-key';
import { CommandRunner } from '../../event-store/command-runner';
import type { CommandMetadata } from '../../event-store/decider';
import { EventStore } from '../../event-store/event-store';
import { EventsCommitted } from '../../event-store/events-committed';
import { ANY_VERSION, type ExpectedVersion } from '../../event-store/expected-version';
import { articleCodec } from '../article.codec';
import { toArticleView, type ArticleView } from '../article.view';
import { documentAfter } from '../domain/article-document';
import type { ArticleCommand, RestoreRevision } from '../domain/article.commands';
import { articleDecider } from '../domain/article.decider';
import { articleStreamId, readableArticleEvents } from '../domain/article.events';

/** A restore as a request names it: the version to put back; the handler looks up what it said. */
type Requested<C> = C extends RestoreRevision ? Omit<C, 'revision'> : C;
export type ArticleCommandRequest = Requested<ArticleCommand>;

/** What a write answers: the article as the command left it, and where the thing it made lives. */
export interface ArticleCommandAnswer {
  readonly article: ArticleView;
  /** The resource the command created (an article, a source, a comment); a replay points where the first answer did. */
  readonly location: string | null;
}

/** `If-Match: *` on an article that does not exist: there is no current version for it to match. */
export class NoCurrentVersion extends Error {
  constructor(readonly articleId: string) {
    super(`article ${articleId} does not exist, so If-Match: * matches no version of it`);
  }
}

/** Any article command, with what the store needs to run it: the version it was based on, and the request behind it. */
export class RunArticleCommand extends Command<ArticleCommandAnswer> {
  constructor(
    readonly articleId: string,
    readonly expectedVersion: ExpectedVersion,
    readonly command: ArticleCommandRequest,
    readonly metadata: CommandMetadata,
    readonly idempotency: KeyedRequest | null = null,
    readonly location: string | null = null,
  ) {
    super();
  }
}

/**
 * The one handler of the article aggregate: it completes what a command needs from the store
 * (restore's revision), then hands it to the runner, which loads, decides, appends and projects in
 * one transaction.
 */
@CommandHandler(RunArticleCommand)
export class ArticleCommandHandler implements ICommandHandler<RunArticleCommand, ArticleCommandAnswer> {
  constructor(
    private readonly runner: CommandRunner,
    private readonly store: EventStore,
    private readonly signals: EventBus,
  ) {}

  async execute(message: RunArticleCommand): Promise<ArticleCommandAnswer> {
    const { articleId, expectedVersion, metadata, idempotency, location } = message;
    const streamId = articleStreamId(articleId);
    // Streams are never deleted, so an article seen to exist here still exists when the command runs.
    if (expectedVersion === ANY_VERSION && (await this.store.streamVersion(streamId)) === 0) {
      throw new NoCurrentVersion(articleId);
    }
    const command: ArticleCommand =
      message.command.type === 'RestoreRevision'
        ? { ...message.command, revision: await this.revision(streamId, message.command.version) }
        : message.command;
    const outcome = await this.runner.run({
      streamId,
      expectedVersion,
      command,
      metadata,
      decider: articleDecider,
      codec: articleCodec,
      // Keys are scoped to the actor: two people's clients may well pick the same key.
      ...(idempotency ? { idempotency: { ...idempotency, scope: command.actor.id, location } } : {}),
    });
    if (outcome.events.length > 0) {
      this.signals.publish(
        new EventsCommitted(
          streamId,
          outcome.events.map((event) => event.type),
        ),
      );
    }
    return { article: toArticleView(outcome.state), location: outcome.replayed ? outcome.replayed.location : location };
  }

  /** What the article said at `version`, or null when it has no such version (the decider refuses it). Stored events never change. */
  private async revision(streamId: string, version: number) {
    const events = await this.store.readStream(streamId, { toVersion: version });
    return events.length < version ? null : documentAfter(readableArticleEvents(events));
  }
}
