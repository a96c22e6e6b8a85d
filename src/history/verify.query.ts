import { Transform } from 'class-transformer';
import { IsBoolean, IsOptional, IsString, Matches } from 'class-validator';
import { Describe } from '../common/describe';

/** `<type>-<uuid>`: every stream the service writes is named so (an article is `article-<uuid>`). */
const STREAM_ID = /^[a-z][a-z0-9_]{0,63}-[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;

/** What `GET /audit/verify` and `npm run verify` check: by default every stream's hash chain only. */
export class VerifyQuery {
  @Describe('One stream instead of all: its chain and, with readModels, the read-model rows it projects to.')
  @IsOptional()
  @IsString()
  @Matches(STREAM_ID, { message: 'stream must be a stream id, <type>-<uuid> in lower case, such as article-<uuid>' })
  stream?: string;

  @Describe('Also replay the events and compare every inline read model with the result.')
  @IsOptional()
  // A query string carries text; anything but exactly true or false stays text and is refused.
  @Transform(({ value }: { value: unknown }) => (value === 'true' ? true : value === 'false' ? false : value))
  @IsBoolean({ message: 'readModels must be true or false' })
  readModels?: boolean;
}
