import { Type } from 'class-transformer';
import { IsInt, IsOptional, Max, Min } from 'class-validator';

import { MAX_STREAM_VERSION as MAX_VERSION } from '../common/stream-version';
import { Describe } from '../common/describe';

export class HistoryPageQuery {
  @Describe('The `nextCursor` of the previous page: the last version it showed.')
  @IsOptional()
  @Type(() => Number)
  @IsInt({ message: 'cursor must be a version number' })
  @Min(0)
  // The page after it starts at cursor + 1, which must still be a version PostgreSQL can hold.
  @Max(MAX_VERSION - 1)
  cursor?: number;
  @IsOptional() @Type(() => Number) @IsInt() @Min(1) @Max(200) limit?: number;
}

export class DiffQuery {
  @Type(() => Number) @IsInt({ message: 'from must be a version number' }) @Min(1) @Max(MAX_VERSION) from!: number;
  @Type(() => Number) @IsInt({ message: 'to must be a version number' }) @Min(1) @Max(MAX_VERSION) to!: number;
}
