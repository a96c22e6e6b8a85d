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
import { ApiBody, ApiOperation } from '@nestjs/swagger';
import type { FastifyReply } from 'fastify';
import { RequireRole, type AuthenticatedRequest } from '../../auth/auth.decorators';
import { NEWSROOM_ROLES } from '../../auth/newsroom-roles';
import { Clock } from '../../common/clock';
import type { Role } from '../../common/domain/actor';
import { ANY_CURRENT_VERSION, formatEtag, refuseIfMatchOnCreate, versionFromIfMatch } from '../../common/etag';
import { NoFieldsPipe } from '../../common/no-fields.pipe';
import { ProblemException } from '../../common/problem.exception';
import { UuidParam } from '../../common/uuid-param';
import { ARTICLE_VIEW, SOURCE } from '../../openapi/article.schemas';
import { DRAFT_EXAMPLE, EDIT_EXAMPLE } from '../../openapi/examples';
import { Answers, Locates, NoFields, Problems, TakesIdempotencyKey } from '../../openapi/route-docs';
import { ANY_VERSION, NO_STREAM, type ExpectedVersion } from '../../event-store/expected-version';
import type { ArticleView } from '../article.view';
import { RunArticleCommand, type ArticleCommandAnswer, type ArticleCommandRequest } from '../commands/article-command.handler';
import type { Source } from '../domain/article.types';
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
  applyDecorators(
    RequireRole(...roles),
    UseInterceptors(CommandMetricsInterceptor, CommandAnswerInterceptor),
    Answers({
      description: 'The article after the command; its ETag is the new version.',
      schema: ARTICLE_VIEW,
      headers: ['ETag'],
    }),
    // A workflow rule refuses it (409), or the content or the Idempotency-Key does (422).
    Problems(409, 422),
    TakesIdempotencyKey(),
  );
/** Every write on an existing article names the version it was based on. */
const IfMatch = () => Headers('if-match');
type Answer = Promise<ArticleCommandAnswer>;

/** The version a write was based on, from If-Match; `*` takes whatever version the article is at. */
function basedOn(ifMatch: string | undefined): ExpectedVersion {
  const condition = versionFromIfMatch(ifMatch);
  return condition === ANY_CURRENT_VERSION ? ANY_VERSION : condition;
}

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
  @ApiOperation({ summary: 'Create a draft' })
  @ApiBody({ type: CreateArticleDto, examples: { draft: { summary: 'A news story', value: DRAFT_EXAMPLE } } })
  @Locates('The new article.')
  @Problems(412)
  create(@Body() dto: CreateArticleDto, @Req() request: AuthenticatedRequest): Answer {
    // Read here, not as a parameter: a create takes no If-Match, and the reference must not ask for one.
    refuseIfMatchOnCreate(request.headers['if-match']);
    const articleId = randomUUID();
    const command = { type: 'CreateDraft', articleId, content: toDraftContent(dto) } as const;
    return this.send(request, articleId, NO_STREAM, command, `/articles/${articleId}`);
  }

  @Get(':id')
  @RequireRole(...NEWSROOM_ROLES)
  @ApiOperation({ summary: 'Read an article (now, or as it stood at `asOf`)' })
  @Answers({ description: 'The article; its ETag is its version.', schema: ARTICLE_VIEW, headers: ['ETag'] })
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

  /** Where POST /articles/:id/sources says the new source is (its Location). */
  @Get(':id/sources/:sourceId')
  @RequireRole(...NEWSROOM_ROLES)
  @ApiOperation({ summary: 'Read one source of an article (where attributing it points)' })
  @Answers({ description: 'The source; its ETag is the article’s version.', schema: SOURCE, headers: ['ETag'] })
  async source(
    @ArticleIdParam() articleId: string,
    @UuidParam('sourceId') sourceId: string,
    @Res({ passthrough: true }) reply: FastifyReply,
  ): Promise<Source> {
    const article = await this.queries.execute(new GetArticle(articleId));
    if (article === null) throw ProblemException.of(404, `article ${articleId} not found`);
    const source = article.sources.find((candidate) => candidate.id === sourceId);
    if (source === undefined) throw ProblemException.of(404, `article ${articleId} has no source ${sourceId}`);
    // The article's version: it changes whenever the source could have.
    void reply.header('etag', formatEtag(article.version));
    return source;
  }

  @Patch(':id')
  @Write(...ROLES_REQUIRED.EditArticle)
  @ApiOperation({ summary: 'Edit the copy: only the fields sent change; `body`, when sent, is the whole new body' })
  @ApiBody({ type: EditArticleDto, examples: { headline: { summary: 'A new headline and standfirst', value: EDIT_EXAMPLE } } })
  edit(
    @ArticleIdParam() id: string,
    @IfMatch() ifMatch: string | undefined,
    @Body() dto: EditArticleDto,
    @Req() request: AuthenticatedRequest,
  ): Answer {
    return this.send(request, id, basedOn(ifMatch), { type: 'EditArticle', ...toEdit(dto) });
  }

  @Post(':id/sources')
  @Write(...ROLES_REQUIRED.AttributeSource)
  @ApiOperation({ summary: 'Attribute a source' })
  @Locates('The new source.')
  attributeSource(
    @ArticleIdParam() id: string,
    @IfMatch() ifMatch: string | undefined,
    @Body() dto: AttributeSourceDto,
    @Req() request: AuthenticatedRequest,
  ): Answer {
    const source = { ...dto, id: randomUUID() };
    const location = `/articles/${id}/sources/${source.id}`;
    return this.send(request, id, basedOn(ifMatch), { type: 'AttributeSource', source }, location);
  }

  @Delete(':id/sources/:sourceId')
  @Write(...ROLES_REQUIRED.RemoveSource)
  @ApiOperation({ summary: 'Remove a source' })
  removeSource(
    @ArticleIdParam() id: string,
    @UuidParam('sourceId') sourceId: string,
    @IfMatch() ifMatch: string | undefined,
    @Req() request: AuthenticatedRequest,
  ): Answer {
    return this.send(request, id, basedOn(ifMatch), { type: 'RemoveSource', sourceId });
  }

  @Post(':id/submit')
  @HttpCode(200)
  @Write(...ROLES_REQUIRED.SubmitForReview)
  @ApiOperation({ summary: 'Submit for review' })
  @NoFields()
  submit(
    @ArticleIdParam() id: string,
    @IfMatch() ifMatch: string | undefined,
    @Body(NoFieldsPipe) _: object,
    @Req() request: AuthenticatedRequest,
  ): Answer {
    return this.send(request, id, basedOn(ifMatch), { type: 'SubmitForReview' });
  }

  @Post(':id/request-changes')
  @HttpCode(200)
  @Write(...ROLES_REQUIRED.RequestChanges)
  @ApiOperation({ summary: 'Send back to the editors, saying why' })
  requestChanges(
    @ArticleIdParam() id: string,
    @IfMatch() ifMatch: string | undefined,
    @Body() dto: ReasonDto,
    @Req() request: AuthenticatedRequest,
  ): Answer {
    return this.send(request, id, basedOn(ifMatch), { type: 'RequestChanges', reason: dto.reason });
  }

  @Post(':id/approve')
  @HttpCode(200)
  @Write(...ROLES_REQUIRED.ApproveArticle)
  @ApiOperation({ summary: 'Approve (not by anyone who changed the copy)' })
  @NoFields()
  approve(
    @ArticleIdParam() id: string,
    @IfMatch() ifMatch: string | undefined,
    @Body(NoFieldsPipe) _: object,
    @Req() request: AuthenticatedRequest,
  ): Answer {
    return this.send(request, id, basedOn(ifMatch), { type: 'ApproveArticle' });
  }

  @Post(':id/publish')
  @HttpCode(200)
  @Write(...ROLES_REQUIRED.PublishArticle)
  @ApiOperation({ summary: 'Publish now, or schedule it when the body gives `at`' })
  publish(
    @ArticleIdParam() id: string,
    @IfMatch() ifMatch: string | undefined,
    @Body() dto: PublishArticleDto,
    @Req() request: AuthenticatedRequest,
  ): Answer {
    const { at, ...options } = dto;
    const command = { type: 'PublishArticle', ...options, ...(at === undefined ? {} : { publishAt: at }) } as const;
    return this.send(request, id, basedOn(ifMatch), command);
  }

  @Post(':id/cancel-schedule')
  @HttpCode(200)
  @Write(...ROLES_REQUIRED.CancelSchedule)
  @ApiOperation({ summary: 'Cancel a scheduled publication' })
  cancelSchedule(
    @ArticleIdParam() id: string,
    @IfMatch() ifMatch: string | undefined,
    @Body() dto: CancelScheduleDto,
    @Req() request: AuthenticatedRequest,
  ): Answer {
    return this.send(request, id, basedOn(ifMatch), { type: 'CancelSchedule', ...dto });
  }

  @Post(':id/unpublish')
  @HttpCode(200)
  @Write(...ROLES_REQUIRED.UnpublishArticle)
  @ApiOperation({ summary: 'Take a published article down, saying why' })
  unpublish(
    @ArticleIdParam() id: string,
    @IfMatch() ifMatch: string | undefined,
    @Body() dto: ReasonDto,
    @Req() request: AuthenticatedRequest,
  ): Answer {
    return this.send(request, id, basedOn(ifMatch), { type: 'UnpublishArticle', reason: dto.reason });
  }

  @Post(':id/restore')
  @HttpCode(200)
  @Write(...ROLES_REQUIRED.RestoreRevision)
  @ApiOperation({ summary: 'Bring back the content of an earlier version' })
  restore(
    @ArticleIdParam() id: string,
    @IfMatch() ifMatch: string | undefined,
    @Body() dto: RestoreRevisionDto,
    @Req() request: AuthenticatedRequest,
  ): Answer {
    const command = { type: 'RestoreRevision', version: dto.version, reason: dto.reason } as const;
    return this.send(request, id, basedOn(ifMatch), command);
  }

  @Post(':id/comments')
  @Write(...ROLES_REQUIRED.AddComment)
  @ApiOperation({ summary: 'Leave an internal note for the desk' })
  @Locates('The comment, as an anchor in the article.')
  comment(
    @ArticleIdParam() id: string,
    @IfMatch() ifMatch: string | undefined,
    @Body() dto: CommentDto,
    @Req() request: AuthenticatedRequest,
  ): Answer {
    const commentId = randomUUID();
    const command = { type: 'AddComment', commentId, text: dto.text } as const;
    return this.send(request, id, basedOn(ifMatch), command, `/articles/${id}#comment-${commentId}`);
  }

  @Post(':id/spike')
  @HttpCode(200)
  @Write(...ROLES_REQUIRED.SpikeArticle)
  @ApiOperation({ summary: 'Spike (kill) the story, saying why' })
  spike(
    @ArticleIdParam() id: string,
    @IfMatch() ifMatch: string | undefined,
    @Body() dto: ReasonDto,
    @Req() request: AuthenticatedRequest,
  ): Answer {
    return this.send(request, id, basedOn(ifMatch), { type: 'SpikeArticle', reason: dto.reason });
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
