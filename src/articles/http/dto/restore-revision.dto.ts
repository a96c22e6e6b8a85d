import { IsInt, Max, Min } from 'class-validator';
import { MAX_STREAM_VERSION } from '../../../common/stream-version';
import { ReasonDto } from './reason.dto';
import { Describe } from '../../../common/describe';

export class RestoreRevisionDto extends ReasonDto {
  @Describe('The stream version whose content comes back, as GET /articles/:id/history lists them.')
  @IsInt()
  @Min(1)
  @Max(MAX_STREAM_VERSION)
  version!: number;
}
