import { Type } from 'class-transformer';
import { IsInt, IsOptional, IsString, Max, MaxLength, Min } from 'class-validator';

export class PublishedListQuery {
  @IsOptional() @IsString() @MaxLength(100) section?: string;
  @IsOptional() @IsString() @MaxLength(100) tag?: string;
  @IsOptional() @Type(() => Number) @IsInt() @Min(1) @Max(100) limit?: number;
}
