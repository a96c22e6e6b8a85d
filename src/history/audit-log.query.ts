import { Transform, Type } from 'class-transformer';
import { ArrayMaxSize, IsIn, IsInt, IsOptional, IsString, IsUUID, Max, MaxLength, Min } from 'class-validator';
import { ARTICLE_EVENT_TYPES } from '../articles/domain/article.events';
import { IsZonedTime } from '../common/zoned-time';
import { Describe } from '../common/describe';

/** Filters of the global audit log; each one narrows, all are optional. */
export class AuditLogQuery {
  @Describe('The id (token subject) of whoever did it.')
  @IsOptional()
  @IsString()
  @MaxLength(200)
  actor?: string;

  // Empty items are kept, so that `type=,` is refused rather than read as no filter at all.
  @Describe('One or more event types, repeated (`type=A&type=B`) or comma-separated.')
  @IsOptional()
  @Transform(({ value }: { value: unknown }) =>
    (Array.isArray(value) ? value : [value]).flatMap((item) => String(item).split(',')),
  )
  @ArrayMaxSize(ARTICLE_EVENT_TYPES.length)
  @IsIn(ARTICLE_EVENT_TYPES, { each: true, message: `type must be among ${ARTICLE_EVENT_TYPES.join(', ')}` })
  type?: string[];

  @IsOptional() @IsUUID('4') article?: string;

  @Describe('Recorded at or after this time.')
  @IsOptional()
  @IsZonedTime()
  from?: string;
  @Describe('Recorded before this time.')
  @IsOptional()
  @IsZonedTime()
  to?: string;

  @IsOptional() @Type(() => Number) @IsInt() @Min(1) @Max(500) limit?: number;
  @Describe('Opaque: the `nextCursor` of the previous page.')
  @IsOptional()
  @IsString()
  @MaxLength(200)
  cursor?: string;
}
