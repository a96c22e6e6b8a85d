import { Type } from 'class-transformer';
import { IsInt, IsOptional, IsString, IsUUID, Matches, Max, MaxLength, Min } from 'class-validator';

/** Filters of the activity feed; each narrows, all are optional. */
export class ActivityQuery {
  /** An actor id, or `me` for the caller. */
  @IsOptional() @IsString() @Matches(/\S/, { message: 'actor must not be blank' }) @MaxLength(200) actor?: string;
  @IsOptional() @IsUUID('4') article?: string;
  @IsOptional() @Type(() => Number) @IsInt() @Min(1) @Max(100) limit?: number;
  /** Opaque: the `nextCursor` of the previous page. */
  @IsOptional() @IsString() @MaxLength(200) cursor?: string;
}
