import { IsOptional } from 'class-validator';
import { IsZonedTime } from '../../../common/zoned-time';

export class AsOfQuery {
  /** The article as it stood at this moment. */
  @IsOptional() @IsZonedTime() asOf?: string;
}
