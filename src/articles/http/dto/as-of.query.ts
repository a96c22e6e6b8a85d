import { MayBeAbsent } from '../../../common/may-be-absent';
import { IsZonedTime } from '../../../common/zoned-time';
import { Describe } from '../../../common/describe';

export class AsOfQuery {
  @Describe('The article as it stood at this moment.')
  @MayBeAbsent()
  @IsZonedTime()
  asOf?: string;
}
