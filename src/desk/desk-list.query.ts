import { Transform, Type } from 'class-transformer';
import { ArrayNotEmpty, IsIn, IsInt, IsOptional, IsString, Matches, Max, MaxLength, Min } from 'class-validator';
import { ARTICLE_STATUSES, type ArticleStatus } from '../articles/domain/article-status';
import { Describe } from '../common/describe';

/** `status=draft,changes_requested` and `status=draft&status=changes_requested` both read as a list. */
const commaSeparated = ({ value }: { value: unknown }): unknown =>
  (Array.isArray(value) ? value : [value]).flatMap((item) => (typeof item === 'string' ? item.split(',') : [item]));

const SOMETHING_TO_MATCH = /\S/;

export class DeskListQuery {
  @Describe('One status or several (any of them).')
  @IsOptional()
  @Transform(commaSeparated)
  @IsIn(ARTICLE_STATUSES, { each: true, message: `status must be one or more of ${ARTICLE_STATUSES.join(', ')}` })
  @ArrayNotEmpty()
  status?: ArticleStatus[];
  @Describe('An actor id, or `me` for the caller: articles whose copy that person drafted or changed.')
  @IsOptional()
  @IsString()
  @Matches(SOMETHING_TO_MATCH, { message: 'author must not be blank' })
  @MaxLength(200)
  author?: string;
  @Describe("Part of an author's name as the byline shows it, any case.")
  @IsOptional()
  @IsString()
  @Matches(SOMETHING_TO_MATCH, { message: 'byline must not be blank' })
  @MaxLength(200)
  byline?: string;
  @IsOptional() @IsString() @MaxLength(100) section?: string;
  @Describe('Words to find in headline, standfirst or body (web search syntax: "a phrase", or, -word).')
  @IsOptional()
  @IsString()
  @Matches(SOMETHING_TO_MATCH, { message: 'q must not be blank' })
  @MaxLength(200)
  q?: string;
  @IsOptional() @Type(() => Number) @IsInt() @Min(1) @Max(100) limit?: number;
  @Describe('Opaque: the `nextCursor` of the previous page.')
  @IsOptional()
  @IsString()
  @MaxLength(200)
  cursor?: string;
}
