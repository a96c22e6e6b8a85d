import { IsIn, IsISO8601, IsNotEmpty, IsOptional, IsString, Matches, MaxLength } from 'class-validator';
import { PlainText } from '../../../common/text';

/** A time with no offset means different moments in different newsrooms, so the offset is required. */
const TIME_WITH_OFFSET = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(:\d{2}(\.\d{1,9})?)?(Z|[+-]\d{2}:\d{2})$/;

export class PublishArticleDto {
  /** Absent on a first publication; a republication says whether it is an update or a correction. */
  @IsOptional() @IsIn(['update', 'correction']) kind?: 'update' | 'correction';
  /** Public note; required for a correction. */
  @IsOptional() @PlainText() @IsString() @IsNotEmpty() @MaxLength(2_000) note?: string;
  /** When given, the publication is scheduled (an embargo) for this time instead of going out now. */
  @IsOptional()
  @Matches(TIME_WITH_OFFSET, { message: 'at must be an ISO 8601 time with Z or an offset, e.g. 2026-12-01T06:00:00Z' })
  @IsISO8601({ strict: true }, { message: 'at must be a real calendar time' })
  at?: string;
}
