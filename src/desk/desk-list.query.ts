import { IsIn, IsInt, IsOptional, IsString, Max, MaxLength, Min } from 'class-validator';
import { Type } from 'class-transformer';
import { ARTICLE_STATUSES, type ArticleStatus } from '../articles/domain/article-status';

export class DeskListQuery {
  @IsOptional()
  @IsIn(ARTICLE_STATUSES, { message: `status must be one of ${ARTICLE_STATUSES.join(', ')}` })
  status?: ArticleStatus;
  @IsOptional() @IsString() @MaxLength(100) section?: string;
  @IsOptional() @Type(() => Number) @IsInt() @Min(1) @Max(100) limit?: number;
  /** Opaque: the `nextCursor` of the previous page. */
  @IsOptional() @IsString() @MaxLength(200) cursor?: string;
}
