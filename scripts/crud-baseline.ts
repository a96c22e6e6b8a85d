import 'reflect-metadata';
import {
  Body,
  Controller,
  Inject,
  Module,
  NotFoundException,
  Param,
  ParseUUIDPipe,
  Patch,
  ValidationPipe,
  type DynamicModule,
} from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import { FastifyAdapter, type NestFastifyApplication } from '@nestjs/platform-fastify';
import { IsNotEmpty, IsOptional, IsString, MaxLength } from 'class-validator';
import { Column, DataSource, Entity, PrimaryColumn, UpdateDateColumn, VersionColumn, type Repository } from 'typeorm';

/**
 * The baseline of `npm run bench:http`: the edit as a plain NestJS + TypeORM service would write it,
 * with the same shape as Copydesk's PATCH /articles/:id (a class-validator DTO, one field changed, the
 * row answered as JSON), on the same adapter and database, and nothing else: no history, no
 * authentication, no optimistic concurrency from the client, no projections. The DataSource is
 * provided by hand rather than through @nestjs/typeorm, which Copydesk itself does not use; what runs
 * per request is the same repository code.
 */

export const CRUD_TABLE = 'articles_crud';

/** The table the script creates: an article's fields as columns, its lists as jsonb. */
export const CREATE_CRUD_TABLE = `CREATE TABLE ${CRUD_TABLE} (
  id uuid PRIMARY KEY,
  slug text NOT NULL UNIQUE,
  headline text NOT NULL,
  standfirst text,
  section text NOT NULL,
  language text NOT NULL,
  tags jsonb NOT NULL,
  authors jsonb NOT NULL,
  body jsonb NOT NULL,
  status text NOT NULL,
  version integer NOT NULL,
  updated_at timestamptz NOT NULL DEFAULT now()
)`;

@Entity(CRUD_TABLE)
export class CrudArticle {
  @PrimaryColumn('uuid') id: string;
  @Column('text') slug: string;
  @Column('text') headline: string;
  @Column('text', { nullable: true }) standfirst: string | null;
  @Column('text') section: string;
  @Column('text') language: string;
  @Column('jsonb') tags: string[];
  @Column('jsonb') authors: object[];
  @Column('jsonb') body: object[];
  @Column('text') status: string;
  @VersionColumn() version: number;
  @UpdateDateColumn({ name: 'updated_at', type: 'timestamptz' }) updatedAt: Date;
}

class EditCrudArticleDto {
  @IsOptional() @IsString() @IsNotEmpty() @MaxLength(300) headline?: string;
  @IsOptional() @IsString() @IsNotEmpty() @MaxLength(100) section?: string;
}

const CRUD_ARTICLES = Symbol('CRUD_ARTICLES');

@Controller('crud')
class CrudArticlesController {
  constructor(@Inject(CRUD_ARTICLES) private readonly articles: Repository<CrudArticle>) {}

  /** Load, change, save() and answer the row: TypeORM's save() runs in its own transaction. */
  @Patch(':id')
  async edit(@Param('id', ParseUUIDPipe) id: string, @Body() dto: EditCrudArticleDto): Promise<CrudArticle> {
    const article = await this.articles.findOneBy({ id });
    if (article === null) throw new NotFoundException(`article ${id} not found`);
    Object.assign(article, dto);
    return this.articles.save(article);
  }
}

@Module({})
class CrudBaselineModule {
  static forRoot(url: string, poolSize: number): DynamicModule {
    return {
      module: CrudBaselineModule,
      controllers: [CrudArticlesController],
      providers: [
        {
          provide: DataSource,
          useFactory: () =>
            new DataSource({ type: 'postgres', url, entities: [CrudArticle], synchronize: false, poolSize }).initialize(),
        },
        {
          provide: CRUD_ARTICLES,
          inject: [DataSource],
          useFactory: (dataSource: DataSource) => dataSource.getRepository(CrudArticle),
        },
      ],
    };
  }
}

/** The baseline app, not yet listening; its DataSource is closed with it (closeCrudApp). */
export async function createCrudApp(url: string, poolSize: number): Promise<NestFastifyApplication> {
  const app = await NestFactory.create<NestFastifyApplication>(CrudBaselineModule.forRoot(url, poolSize), new FastifyAdapter(), {
    logger: false,
    abortOnError: false,
  });
  app.useGlobalPipes(new ValidationPipe({ whitelist: true, forbidNonWhitelisted: true, transform: true }));
  return app;
}

export async function closeCrudApp(app: NestFastifyApplication): Promise<void> {
  const dataSource = app.get(DataSource);
  await app.close();
  if (dataSource.isInitialized) await dataSource.destroy();
}
