import { randomUUID } from 'node:crypto';
import {
  applyDecorators,
  Body,
  Controller,
  Delete,
  Get,
  Headers,
  HttpCode,
  Patch,
  Post,
  Query,
  Req,
  Res,
  UseInterceptors,
} from '@nestjs/common';
import { CommandBus, QueryBus } from '@nestjs/cqrs';
import type { FastifyReply } from 'fastify';
import { RequireRole, type AuthenticatedRequest } from '../../auth/auth.decorators';
import { NEWSROOM_ROLES } from '../../auth/newsroom-roles';
import { Clock } from '../../common/clock';
import type { Role } from '../../common/domain/actor';
import { formatEtag, versionFromIfMatch } from '../../common/etag';
import { NoFieldsPipe } from '../../common/no-fields.pipe';
import { ProblemException } from '../../common/problem.exception';
import { UuidParam } from '../../common/uuid-param';
import { NO_STREAM, type ExpectedVersion } from '../../event-store/expected-version';
import type { ArticleView } from '../article.view';
import { RunArticleCommand, type ArticleCommandAnswer, type ArticleCommandRequest } from '../commands/article-command.handler';
import { ROLES_REQUIRED } from '../domain/permissions';
import { GetArticle } from '../queries/get-article';
import { ArticleIdParam } from './article-id.param';
import { CommandAnswerInterceptor } from './command-answer.interceptor';
import { CommandMetricsInterceptor } from './command-metrics.interceptor';
import { commandRequestOf } from './command-request';
import { AsOfQuery } from './dto/as-of.query';
import { AttributeSourceDto } from './dto/attribute-source.dto';
import { CommentDto } from './dto/comment.dto';
import { CreateArticleDto } from './dto/create-article.dto';
import { EditArticleDto } from './dto/edit-article.dto';
import { PublishArticleDto } from './dto/publish-article.dto';
import { CancelScheduleDto, ReasonDto } from './dto/reason.dto';
import { RestoreRevisionDto } from './dto/restore-revision.dto';
import { toDraftContent, toEdit } from './to-domain';

/** A command as the route knows it; who and when are added in one place (`send`). */
type CommandFields = ArticleCommandRequest extends infer C
  ? C extends ArticleCommandRequest
    ? Omit<C, 'actor' | 'at'>
    : never
  : never;

/** A write route: who may call it, its answer's version in the ETag and what it created in the Location, counted in the metrics. */
const Write = (...roles: Role[]) =>
  applyDecorators(RequireRole(...roles), UseInterceptors(CommandMetricsInterceptor, CommandAnswerInterceptor));
/** Every write on an existing article names the version it was based on. */
const IfMatch = () => Headers('if-match');
type Answer = Promise<ArticleCommandAnswer>;

/** HTTP in, command out: DTO → command, If-Match → expected version, then the bus. */
@Controller('articles')
export class ArticlesController {
  constructor(
    private readonly commands: CommandBus,
    private readonly queries: QueryBus,
    private readonly clock: Clock,
  ) {}

  @Post()
  @Write(...ROLES_REQUIRED.CreateDraft)
  create(@Body() dto: CreateArticleDto, @Req() request: AuthenticatedRequest): Answer {
    const articleId = randomUUID();
    const command = { type: 'CreateDraft', articleId, content: toDraftContent(dto) } as const;
    return this.send(request, articleId, NO_STREAM, command, `/articles/${articleId}`);
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
  @Write(...ROLES_REQUIRED.EditArticle)
  edit(
    @ArticleIdParam() id: string,
    @IfMatch() ifMatch: string | undefined,
    @Body() dto: EditArticleDto,
    @Req() request: AuthenticatedRequest,
  ): Answer {
    return this.send(request, id, versionFromIfMatch(ifMatch), { type: 'EditArticle', ...toEdit(dto) });
  }

  @Post(':id/sources')
  @Write(...ROLES_REQUIRED.AttributeSource)
  attributeSource(
    @ArticleIdParam() id: string,
    @IfMatch() ifMatch: string | undefined,
    @Body() dto: AttributeSourceDto,
    @Req() request: AuthenticatedRequest,
  ): Answer {
    const source = { ...dto, id: randomUUID() };
    const location = `/articles/${id}/sources/${source.id}`;
    return this.send(request, id, versionFromIfMatch(ifMatch), { type: 'AttributeSource', source }, location);
  }

  @Delete(':id/sources/:sourceId')
  @Write(...ROLES_REQUIRED.RemoveSource)
  removeSource(
    @ArticleIdParam() id: string,
    @UuidParam('sourceId') sourceId: string,
    @IfMatch() ifMatch: string | undefined,
    @Req() request: AuthenticatedRequest,
  ): Answer {
    return this.send(request, id, versionFromIfMatch(ifMatch), { type: 'RemoveSource', sourceId });
  }

  @Post(':id/submit')
  @HttpCode(200)
  @Write(...ROLES_REQUIRED.SubmitForReview)
  submit(
    @ArticleIdParam() id: string,
    @IfMatch() ifMatch: string | undefined,
    @Body(NoFieldsPipe) _: object,
    @Req() request: AuthenticatedRequest,
  ): Answer {
    return this.send(request, id, versionFromIfMatch(ifMatch), { type: 'SubmitForReview' });
  }

  @Post(':id/request-changes')
  @HttpCode(200)
  @Write(...ROLES_REQUIRED.RequestChanges)
  requestChanges(
    @ArticleIdParam() id: string,
    @IfMatch() ifMatch: string | undefined,
    @Body() dto: ReasonDto,
    @Req() request: AuthenticatedRequest,
  ): Answer {
    return this.send(request, id, versionFromIfMatch(ifMatch), { type: 'RequestChanges', reason: dto.reason });
  }

  @Post(':id/approve')
  @HttpCode(200)
  @Write(...ROLES_REQUIRED.ApproveArticle)
  approve(
    @ArticleIdParam() id: string,
    @IfMatch() ifMatch: string | undefined,
    @Body(NoFieldsPipe) _: object,
    @Req() request: AuthenticatedRequest,
  ): Answer {
    return this.send(request, id, versionFromIfMatch(ifMatch), { type: 'ApproveArticle' });
  }

  /** Now, or scheduled when the body gives `at`. */
  @Post(':id/publish')
  @HttpCode(200)
  @Write(...ROLES_REQUIRED.PublishArticle)
  publish(
    @ArticleIdParam() id: string,
    @IfMatch() ifMatch: string | undefined,
    @Body() dto: PublishArticleDto,
    @Req() request: AuthenticatedRequest,
  ): Answer {
    const { at, ...options } = dto;
    const command = { type: 'PublishArticle', ...options, ...(at === undefined ? {} : { publishAt: at }) } as const;
    return this.send(request, id, versionFromIfMatch(ifMatch), command);
  }

  @Post(':id/cancel-schedule')
  @HttpCode(200)
  @Write(...ROLES_REQUIRED.CancelSchedule)
  cancelSchedule(
    @ArticleIdParam() id: string,
    @IfMatch() ifMatch: string | undefined,
    @Body() dto: CancelScheduleDto,
    @Req() request: AuthenticatedRequest,
  ): Answer {
    return this.send(request, id, versionFromIfMatch(ifMatch), { type: 'CancelSchedule', ...dto });
  }

  @Post(':id/unpublish')
  @HttpCode(200)
  @Write(...ROLES_REQUIRED.UnpublishArticle)
  unpublish(
    @ArticleIdParam() id: string,
    @IfMatch() ifMatch: string | undefined,
    @Body() dto: ReasonDto,
    @Req() request: AuthenticatedRequest,
  ): Answer {
    return this.send(request, id, versionFromIfMatch(ifMatch), { type: 'UnpublishArticle', reason: dto.reason });
  }

  @Post(':id/restore')
  @HttpCode(200)
  @Write(...ROLES_REQUIRED.RestoreRevision)
  restore(
    @ArticleIdParam() id: string,
    @IfMatch() ifMatch: string | undefined,
    @Body() dto: RestoreRevisionDto,
    @Req() request: AuthenticatedRequest,
  ): Answer {
    const command = { type: 'RestoreRevision', version: dto.version, reason: dto.reason } as const;
    return this.send(request, id, versionFromIfMatch(ifMatch), command);
  }

  @Post(':id/comments')
  @Write(...ROLES_REQUIRED.AddComment)
  comment(
    @ArticleIdParam() id: string,
    @IfMatch() ifMatch: string | undefined,
    @Body() dto: CommentDto,
    @Req() request: AuthenticatedRequest,
  ): Answer {
    const commentId = randomUUID();
    const command = { type: 'AddComment', commentId, text: dto.text } as const;
    return this.send(request, id, versionFromIfMatch(ifMatch), command, `/articles/${id}#comment-${commentId}`);
  }

  @Post(':id/spike')
  @HttpCode(200)
  @Write(...ROLES_REQUIRED.SpikeArticle)
  spike(
    @ArticleIdParam() id: string,
    @IfMatch() ifMatch: string | undefined,
    @Body() dto: ReasonDto,
    @Req() request: AuthenticatedRequest,
  ): Answer {
    return this.send(request, id, versionFromIfMatch(ifMatch), { type: 'SpikeArticle', reason: dto.reason });
  }

  /** Who and when join the command here; `location` names what the command creates. */
  private send(
    request: AuthenticatedRequest,
    articleId: string,
    expectedVersion: ExpectedVersion,
    fields: CommandFields,
    location: string | null = null,
  ): Answer {
    const { actor, metadata, idempotency } = commandRequestOf(request);
    const command = { ...fields, actor, at: this.clock.now().toISOString() } as ArticleCommandRequest;
    return this.commands.execute(new RunArticleCommand(articleId, expectedVersion, command, metadata, idempotency, location));
  }
}
