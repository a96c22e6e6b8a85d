import { IsNotEmpty, IsString, MaxLength } from 'class-validator';
import { MayBeAbsent } from '../../../common/may-be-absent';
import { PlainText } from '../../../common/text';

const REASON_MAX_LENGTH = 2_000;

/** Request changes, unpublish, spike: work reversed or refused must say why. */
export class ReasonDto {
  @PlainText()
  @IsString()
  @IsNotEmpty({ message: 'reason must say why (it is required)' })
  @MaxLength(REASON_MAX_LENGTH)
  reason!: string;
}

/** Cancelling a schedule may say why; it reverses no one's work. */
export class CancelScheduleDto {
  @MayBeAbsent() @PlainText() @IsString() @MaxLength(REASON_MAX_LENGTH) reason?: string;
}
