import { MayBeAbsent } from '../../../common/may-be-absent';
import { IsZonedTime } from '../../../common/zoned-time';

export class AsOfQuery {
  /** The article as it stood at this moment. */
  @MayBeAbsent() @IsZonedTime() asOf?: string;
}
