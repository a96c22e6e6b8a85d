import { randomUUID } from 'node:crypto';
import { Body, Controller, Delete, Get, HttpCode, Param, ParseUUIDPipe, Patch, Post, Req, Res } from '@nestjs/common';
import { CommandBus, QueryBus } from '@nestjs/cqrs';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { CurrentActor, RequireRole } from '../../auth/auth.decorators';
import { NEWSROOM_ROLES } from '../../auth/newsroom-roles';
import { Clock } from '../../common/clock';
import { formatEtag, versionFromIfMatch } from '../../common/etag';
import { NoFieldsPipe } from '../../common/no-fields.pipe';
import { ProblemException } from '../../common/problem.exception';
import { NO_STREAM, type ExpectedVersion } from '../../event-store/expected-version';
import type { ArticleView } from '../article.view';
import { RunArticleCommand } from '../commands/run-article-command';
import type { Actor } from '../domain/actor';
import type { ArticleCommand } from '../domain/article.commands';
import { ROLE_REQUIRED } from '../domain/permissions';
import { GetArticle } from '../queries/get-article';
import { AttributeSourceDto } from './dto/attribute-source.dto';
import { CreateArticleDto } from './dto/create-article.dto';
import { EditArticleDto } from './dto/edit-article.dto';
import { PublishArticleDto } from './dto/publish-article.dto';
import { toDraftContent, toEdit } from './to-domain';

/** A command as the route knows it; who and when are added in one place. */
type CommandFields = ArticleCommand extends infer C ? (C extends ArticleCommand ? Omit<C, 'actor' | 'at'> : never) : never;
const ArticleId = () => Param('id', new ParseUUIDPipe({ version: '4' }));

/** HTTP in, command out: DTO → command → bus; If-Match → expected version; the new version → ETag. */
@Controller('articles')
export class ArticlesController {
  constructor(
    private readonly commands: CommandBus,
    private readonly queries: QueryBus,
    private readonly clock: Clock,
  ) {}

  @Post()
  @RequireRole(ROLE_REQUIRED.CreateDraft)
  async create(@Body() dto: CreateArticleDto, @CurrentActor() actor: Actor, @Req() request: FastifyRequest, @Res({ passthrough: true }) reply: FastifyReply) {
    const articleId = randomUUID();
    const article = await this.run(request, reply, articleId, NO_STREAM, actor, { type: 'CreateDraft', articleId, content: toDraftContent(dto) });
    void reply.status(201).header('location', `/articles/${articleId}`);
    return article;
  }

  @Get(':id')
  @RequireRole(...NEWSROOM_ROLES)
  async get(@ArticleId() articleId: string, @Res({ passthrough: true }) reply: FastifyReply): Promise<ArticleView> {
    const article = await this.queries.execute(new GetArticle(articleId));
    if (article === null) throw ProblemException.of(404, `article ${articleId} not found`);
    void reply.header('etag', formatEtag(article.version));
    return article;
  }

  @Patch(':id')
  @RequireRole(ROLE_REQUIRED.EditArticle)
  edit(@ArticleId() articleId: string, @Body() dto: EditArticleDto, @CurrentActor() actor: Actor, @Req() request: FastifyRequest, @Res({ passthrough: true }) reply: FastifyReply) {
    return this.run(request, reply, articleId, ifMatch(request), actor, { type: 'EditArticle', ...toEdit(dto) });
  }

  @Post(':id/sources')
  @RequireRole(ROLE_REQUIRED.AttributeSource)
  async attributeSource(@ArticleId() articleId: string, @Body() dto: AttributeSourceDto, @CurrentActor() actor: Actor, @Req() request: FastifyRequest, @Res({ passthrough: true }) reply: FastifyReply) {
    const source = { ...dto, id: randomUUID() };
    const article = await this.run(request, reply, articleId, ifMatch(request), actor, { type: 'AttributeSource', source });
    void reply.status(201).header('location', `/articles/${articleId}/sources/${source.id}`);
    return article;
  }

  @Delete(':id/sources/:sourceId')
  @RequireRole(ROLE_REQUIRED.RemoveSource)
  removeSource(@ArticleId() articleId: string, @Param('sourceId', new ParseUUIDPipe()) sourceId: string, @CurrentActor() actor: Actor, @Req() request: FastifyRequest, @Res({ passthrough: true }) reply: FastifyReply) {
    return this.run(request, reply, articleId, ifMatch(request), actor, { type: 'RemoveSource', sourceId });
  }

  @Post(':id/submit')
  @HttpCode(200)
  @RequireRole(ROLE_REQUIRED.SubmitForReview)
  submit(@ArticleId() articleId: string, @Body(NoFieldsPipe) _: object, @CurrentActor() actor: Actor, @Req() request: FastifyRequest, @Res({ passthrough: true }) reply: FastifyReply) {
    return this.run(request, reply, articleId, ifMatch(request), actor, { type: 'SubmitForReview' });
  }

  @Post(':id/approve')
  @HttpCode(200)
  @RequireRole(ROLE_REQUIRED.ApproveArticle)
  approve(@ArticleId() articleId: string, @Body(NoFieldsPipe) _: object, @CurrentActor() actor: Actor, @Req() request: FastifyRequest, @Res({ passthrough: true }) reply: FastifyReply) {
    return this.run(request, reply, articleId, ifMatch(request), actor, { type: 'ApproveArticle' });
  }

  @Post(':id/publish')
  @HttpCode(200)
  @RequireRole(ROLE_REQUIRED.PublishArticle)
  publish(@ArticleId() articleId: string, @Body() dto: PublishArticleDto, @CurrentActor() actor: Actor, @Req() request: FastifyRequest, @Res({ passthrough: true }) reply: FastifyReply) {
    return this.run(request, reply, articleId, ifMatch(request), actor, { type: 'PublishArticle', ...dto });
  }

  private async run(
    request: FastifyRequest,
    reply: FastifyReply,
    articleId: string,
    expectedVersion: ExpectedVersion,
    actor: Actor,
    fields: CommandFields,
  ): Promise<ArticleView> {
    const command = { ...fields, actor, at: this.clock.now().toISOString() } as ArticleCommand;
    const { article } = await this.commands.execute(
      new RunArticleCommand(articleId, expectedVersion, command, { requestId: request.id, commandId: randomUUID() }),
    );
    void reply.header('etag', formatEtag(article.version));
    return article;
  }
}

const ifMatch = (request: FastifyRequest): number => versionFromIfMatch(request.headers['if-match']);
