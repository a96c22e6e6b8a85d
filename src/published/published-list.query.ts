import { Type } from 'class-transformer';
import { IsInt, IsOptional, IsString, Matches, Max, MaxLength, Min } from 'class-validator';
import { Describe } from '../common/describe';

export class PublishedListQuery {
  @IsOptional() @IsString() @MaxLength(100) section?: string;
  @IsOptional() @IsString() @MaxLength(100) tag?: string;
  @Describe('Words to find in headline, standfirst or body (web search syntax: "a phrase", or, -word).')
  @IsOptional()
  @IsString()
  @Matches(/\S/, { message: 'q must not be blank' })
  @MaxLength(200)
  q?: string;
  @IsOptional() @Type(() => Number) @IsInt() @Min(1) @Max(100) limit?: number;
  @Describe('Opaque: the `nextCursor` of the previous page.')
  @IsOptional()
  @IsString()
  @MaxLength(200)
  cursor?: string;
}
