import { randomUUID } from 'node:crypto';
import { Body, Controller, Delete, Get, HttpCode, Patch, Post, Query, Res } from '@nestjs/common';
import { CommandBus, QueryBus } from '@nestjs/cqrs';
import type { FastifyReply } from 'fastify';
import { RequireRole } from '../../auth/auth.decorators';
import { NEWSROOM_ROLES } from '../../auth/newsroom-roles';
import { Clock } from '../../common/clock';
import { formatEtag } from '../../common/etag';
import { NoFieldsPipe } from '../../common/no-fields.pipe';
import { ProblemException } from '../../common/problem.exception';
import { NO_STREAM, type ExpectedVersion } from '../../event-store/expected-version';
import type { ArticleView } from '../article.view';
import { RunArticleCommand } from '../commands/run-article-command';
import type { ArticleCommand } from '../domain/article.commands';
import { ROLES_REQUIRED } from '../domain/permissions';
import { GetArticle } from '../queries/get-article';
import { GetArticleRevision } from '../queries/get-article-revision';
import { Issuer, type CommandIssuer } from './command-issuer';
import { AsOfQuery } from './dto/as-of.query';
import { AttributeSourceDto } from './dto/attribute-source.dto';
import { CreateArticleDto } from './dto/create-article.dto';
import { EditArticleDto } from './dto/edit-article.dto';
import { CommentDto } from './dto/comment.dto';
import { PublishArticleDto } from './dto/publish-article.dto';
import { CancelScheduleDto, ReasonDto } from './dto/reason.dto';
import { RestoreRevisionDto } from './dto/restore-revision.dto';
import { toDraftContent, toEdit } from './to-domain';
import { ArticleIdParam } from './article-id.param';
import { UuidParam } from '../../common/uuid-param';

/** A command as the route knows it; who and when are added in one place. */
type CommandFields = ArticleCommand extends infer C ? (C extends ArticleCommand ? Omit<C, 'actor' | 'at'> : never) : never;
/** HTTP in, command out: DTO → command → bus; If-Match → expected version; the new version → ETag. */
@Controller('articles')
export class ArticlesController {
  constructor(
    private readonly commands: CommandBus,
    private readonly queries: QueryBus,
    private readonly clock: Clock,
  ) {}

  @Post()
  @RequireRole(...ROLES_REQUIRED.CreateDraft)
  async create(@Body() dto: CreateArticleDto, @Issuer() issuer: CommandIssuer): Promise<ArticleView> {
    const articleId = randomUUID();
    return this.run(
      issuer,
      articleId,
      NO_STREAM,
      { type: 'CreateDraft', articleId, content: toDraftContent(dto) },
      `/articles/${articleId}`,
    );
  }

  @Get(':id')
  @RequireRole(...NEWSROOM_ROLES)
  async get(
    @ArticleIdParam() articleId: string,
    @Query() { asOf }: AsOfQuery,
    @Res({ passthrough: true }) reply: FastifyReply,
  ): Promise<ArticleView> {
    const article = await this.queries.execute(new GetArticle(articleId, asOf === undefined ? undefined : new Date(asOf)));
    if (article === null) {
      throw ProblemException.of(404, `article ${articleId} ${asOf === undefined ? 'not found' : `did not exist yet at ${asOf}`}`);
    }
    void reply.header('etag', formatEtag(article.version));
    return article;
  }

  @Patch(':id')
  @RequireRole(...ROLES_REQUIRED.EditArticle)
  edit(@ArticleIdParam() articleId: string, @Body() dto: EditArticleDto, @Issuer() issuer: CommandIssuer): Promise<ArticleView> {
    return this.runOnExisting(issuer, articleId, { type: 'EditArticle', ...toEdit(dto) });
  }

  @Post(':id/sources')
  @RequireRole(...ROLES_REQUIRED.AttributeSource)
  async attributeSource(
    @ArticleIdParam() articleId: string,
    @Body() dto: AttributeSourceDto,
    @Issuer() issuer: CommandIssuer,
  ): Promise<ArticleView> {
    const source = { ...dto, id: randomUUID() };
    return this.runOnExisting(
      issuer,
      articleId,
      { type: 'AttributeSource', source },
      `/articles/${articleId}/sources/${source.id}`,
    );
  }

  @Delete(':id/sources/:sourceId')
  @RequireRole(...ROLES_REQUIRED.RemoveSource)
  removeSource(
    @ArticleIdParam() articleId: string,
    @UuidParam('sourceId') sourceId: string,
    @Issuer() issuer: CommandIssuer,
  ): Promise<ArticleView> {
    return this.runOnExisting(issuer, articleId, { type: 'RemoveSource', sourceId });
  }

  @Post(':id/submit')
  @HttpCode(200)
  @RequireRole(...ROLES_REQUIRED.SubmitForReview)
  submit(
    @ArticleIdParam() articleId: string,
    @Body(NoFieldsPipe) _: object,
    @Issuer() issuer: CommandIssuer,
  ): Promise<ArticleView> {
    return this.runOnExisting(issuer, articleId, { type: 'SubmitForReview' });
  }

  @Post(':id/request-changes')
  @HttpCode(200)
  @RequireRole(...ROLES_REQUIRED.RequestChanges)
  requestChanges(
    @ArticleIdParam() articleId: string,
    @Body() dto: ReasonDto,
    @Issuer() issuer: CommandIssuer,
  ): Promise<ArticleView> {
    return this.runOnExisting(issuer, articleId, { type: 'RequestChanges', reason: dto.reason });
  }

  @Post(':id/approve')
  @HttpCode(200)
  @RequireRole(...ROLES_REQUIRED.ApproveArticle)
  approve(
    @ArticleIdParam() articleId: string,
    @Body(NoFieldsPipe) _: object,
    @Issuer() issuer: CommandIssuer,
  ): Promise<ArticleView> {
    return this.runOnExisting(issuer, articleId, { type: 'ApproveArticle' });
  }

  /** Now, or scheduled when the body gives `at`. */
  @Post(':id/publish')
  @HttpCode(200)
  @RequireRole(...ROLES_REQUIRED.PublishArticle)
  publish(
    @ArticleIdParam() articleId: string,
    @Body() dto: PublishArticleDto,
    @Issuer() issuer: CommandIssuer,
  ): Promise<ArticleView> {
    const { at, ...options } = dto;
    return this.runOnExisting(issuer, articleId, {
      type: 'PublishArticle',
      ...options,
      ...(at === undefined ? {} : { publishAt: at }),
    });
  }

  @Post(':id/cancel-schedule')
  @HttpCode(200)
  @RequireRole(...ROLES_REQUIRED.CancelSchedule)
  cancelSchedule(
    @ArticleIdParam() articleId: string,
    @Body() dto: CancelScheduleDto,
    @Issuer() issuer: CommandIssuer,
  ): Promise<ArticleView> {
    return this.runOnExisting(issuer, articleId, { type: 'CancelSchedule', ...dto });
  }

  @Post(':id/unpublish')
  @HttpCode(200)
  @RequireRole(...ROLES_REQUIRED.UnpublishArticle)
  unpublish(@ArticleIdParam() articleId: string, @Body() dto: ReasonDto, @Issuer() issuer: CommandIssuer): Promise<ArticleView> {
    return this.runOnExisting(issuer, articleId, { type: 'UnpublishArticle', reason: dto.reason });
  }

  @Post(':id/restore')
  @HttpCode(200)
  @RequireRole(...ROLES_REQUIRED.RestoreRevision)
  async restore(
    @ArticleIdParam() articleId: string,
    @Body() dto: RestoreRevisionDto,
    @Issuer() issuer: CommandIssuer,
  ): Promise<ArticleView> {
    const revision = await this.queries.execute(new GetArticleRevision(articleId, dto.version));
    return this.runOnExisting(issuer, articleId, { type: 'RestoreRevision', version: dto.version, reason: dto.reason, revision });
  }

  @Post(':id/comments')
  @RequireRole(...ROLES_REQUIRED.AddComment)
  comment(@ArticleIdParam() articleId: string, @Body() dto: CommentDto, @Issuer() issuer: CommandIssuer): Promise<ArticleView> {
    const commentId = randomUUID();
    return this.runOnExisting(
      issuer,
      articleId,
      { type: 'AddComment', commentId, text: dto.text },
      `/articles/${articleId}#comment-${commentId}`,
    );
  }

  @Post(':id/spike')
  @HttpCode(200)
  @RequireRole(...ROLES_REQUIRED.SpikeArticle)
  spike(@ArticleIdParam() articleId: string, @Body() dto: ReasonDto, @Issuer() issuer: CommandIssuer): Promise<ArticleView> {
    return this.runOnExisting(issuer, articleId, { type: 'SpikeArticle', reason: dto.reason });
  }

  /** Every write on an existing article is based on the version its If-Match names. */
  private runOnExisting(
    issuer: CommandIssuer,
    articleId: string,
    fields: CommandFields,
    location?: string,
  ): Promise<ArticleView> {
    return this.run(issuer, articleId, issuer.basedOnVersion(), fields, location);
  }

  /** `location` names what the command creates; a replayed answer points where the first one did. */
  private async run(
    issuer: CommandIssuer,
    articleId: string,
    expectedVersion: ExpectedVersion,
    fields: CommandFields,
    location?: string,
  ): Promise<ArticleView> {
    const command = { ...fields, actor: issuer.actor, at: this.clock.now().toISOString() } as ArticleCommand;
    const metadata = { requestId: issuer.requestId, commandId: randomUUID() };
    const answer = await this.commands.execute(
      new RunArticleCommand(articleId, expectedVersion, command, metadata, { location, idempotency: issuer.idempotency }),
    );
    issuer.answerWith(answer.article.version, answer.location ?? undefined);
    return answer.article;
  }
}
