import { IsIn, IsNotEmpty, IsString, MaxLength } from 'class-validator';
import { MayBeAbsent } from '../../../common/may-be-absent';
import { PlainText } from '../../../common/text';
import { IsZonedTime } from '../../../common/zoned-time';
import { Describe } from '../../../common/describe';

export class PublishArticleDto {
  @Describe('Absent on a first publication; a republication says whether it is an update or a correction.')
  @MayBeAbsent()
  @IsIn(['update', 'correction'])
  kind?: 'update' | 'correction';
  @Describe('Public note; required for a correction.')
  @MayBeAbsent()
  @PlainText()
  @IsString()
  @IsNotEmpty()
  @MaxLength(2_000)
  note?: string;
  @Describe(
    'When given, the publication is scheduled (an embargo) for this time instead of going out now. The zone is required: without it the time would mean different moments in different newsrooms.',
  )
  @MayBeAbsent()
  @IsZonedTime()
  at?: string;
}
