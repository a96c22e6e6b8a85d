import { IsInt, Min } from 'class-validator';
import { ReasonDto } from './reason.dto';

export class RestoreRevisionDto extends ReasonDto {
  /** The stream version whose content comes back, as GET /articles/:id/history lists them. */
  @IsInt() @Min(1) version!: number;
}
