import { randomUUID } from 'node:crypto';
import { Body, Controller, Delete, Get, HttpCode, Param, ParseUUIDPipe, Patch, Post, Query, Res } from '@nestjs/common';
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
import { ROLE_REQUIRED } from '../domain/permissions';
import { GetArticle } from '../queries/get-article';
import { Issuer, type CommandIssuer } from './command-issuer';
import { AsOfQuery } from './dto/as-of.query';
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
  async create(@Body() dto: CreateArticleDto, @Issuer() issuer: CommandIssuer): Promise<ArticleView> {
    const articleId = randomUUID();
    const article = await this.run(issuer, articleId, NO_STREAM, {
      type: 'CreateDraft',
      articleId,
      content: toDraftContent(dto),
    });
    issuer.answerWith(article.version, 201, `/articles/${articleId}`);
    return article;
  }

  @Get(':id')
  @RequireRole(...NEWSROOM_ROLES)
  async get(
    @ArticleId() articleId: string,
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
  @RequireRole(ROLE_REQUIRED.EditArticle)
  edit(@ArticleId() articleId: string, @Body() dto: EditArticleDto, @Issuer() issuer: CommandIssuer): Promise<ArticleView> {
    return this.runOnExisting(issuer, articleId, { type: 'EditArticle', ...toEdit(dto) });
  }

  @Post(':id/sources')
  @RequireRole(ROLE_REQUIRED.AttributeSource)
  async attributeSource(
    @ArticleId() articleId: string,
    @Body() dto: AttributeSourceDto,
    @Issuer() issuer: CommandIssuer,
  ): Promise<ArticleView> {
    const source = { ...dto, id: randomUUID() };
    const article = await this.runOnExisting(issuer, articleId, { type: 'AttributeSource', source });
    issuer.answerWith(article.version, 201, `/articles/${articleId}/sources/${source.id}`);
    return article;
  }

  @Delete(':id/sources/:sourceId')
  @RequireRole(ROLE_REQUIRED.RemoveSource)
  removeSource(
    @ArticleId() articleId: string,
    @Param('sourceId', new ParseUUIDPipe()) sourceId: string,
    @Issuer() issuer: CommandIssuer,
  ): Promise<ArticleView> {
    return this.runOnExisting(issuer, articleId, { type: 'RemoveSource', sourceId });
  }

  @Post(':id/submit')
  @HttpCode(200)
  @RequireRole(ROLE_REQUIRED.SubmitForReview)
  submit(@ArticleId() articleId: string, @Body(NoFieldsPipe) _: object, @Issuer() issuer: CommandIssuer): Promise<ArticleView> {
    return this.runOnExisting(issuer, articleId, { type: 'SubmitForReview' });
  }

  @Post(':id/approve')
  @HttpCode(200)
  @RequireRole(ROLE_REQUIRED.ApproveArticle)
  approve(@ArticleId() articleId: string, @Body(NoFieldsPipe) _: object, @Issuer() issuer: CommandIssuer): Promise<ArticleView> {
    return this.runOnExisting(issuer, articleId, { type: 'ApproveArticle' });
  }

  @Post(':id/publish')
  @HttpCode(200)
  @RequireRole(ROLE_REQUIRED.PublishArticle)
  publish(@ArticleId() articleId: string, @Body() dto: PublishArticleDto, @Issuer() issuer: CommandIssuer): Promise<ArticleView> {
    return this.runOnExisting(issuer, articleId, { type: 'PublishArticle', ...dto });
  }

  /** Every write on an existing article is based on the version its If-Match names. */
  private runOnExisting(issuer: CommandIssuer, articleId: string, fields: CommandFields): Promise<ArticleView> {
    return this.run(issuer, articleId, issuer.basedOnVersion(), fields);
  }

  private async run(
    issuer: CommandIssuer,
    articleId: string,
    expectedVersion: ExpectedVersion,
    fields: CommandFields,
  ): Promise<ArticleView> {
    const command = { ...fields, actor: issuer.actor, at: this.clock.now().toISOString() } as ArticleCommand;
    const { article } = await this.commands.execute(
      new RunArticleCommand(articleId, expectedVersion, command, { requestId: issuer.requestId, commandId: randomUUID() }),
    );
    issuer.answerWith(article.version);
    return article;
  }
}
