import { Type } from 'class-transformer';
import {
  ArrayMaxSize,
  ArrayMinSize,
  ArrayUnique,
  IsArray,
  IsIn,
  IsInt,
  IsOptional,
  IsString,
  IsUUID,
  Max,
  MaxLength,
  Min,
} from 'class-validator';
import { ARTICLE_EVENT_TYPES } from '../../articles/domain/article.events';
import { MayBeAbsent } from '../../common/may-be-absent';

export const DELIVERY_STATES = ['pending', 'failed', 'delivered', 'dead'] as const;
export type DeliveryState = (typeof DELIVERY_STATES)[number];

/**
 * A new webhook. `url` and `secret` are checked beyond their type by the service (an SSRF guard that
 * resolves the host, the Standard Webhooks secret form), with the same 400 naming the field.
 */
export class CreateWebhookDto {
  @IsString() @MaxLength(2048) url!: string;
  /** Absent: one is generated. */
  @MayBeAbsent() @IsString() @MaxLength(200) secret?: string;
  /** Absent: every event type. */
  @MayBeAbsent()
  @IsArray()
  @ArrayMinSize(1)
  @ArrayMaxSize(ARTICLE_EVENT_TYPES.length)
  @ArrayUnique()
  @IsIn(ARTICLE_EVENT_TYPES, { each: true, message: `each value in eventTypes must be one of ${ARTICLE_EVENT_TYPES.join(', ')}` })
  eventTypes?: string[];
  /** Absent: every article. */
  @MayBeAbsent()
  @IsArray()
  @ArrayMinSize(1)
  @ArrayMaxSize(1000)
  @ArrayUnique()
  @IsUUID('4', { each: true })
  articleIds?: string[];
}

export class DeliveriesQuery {
  @IsOptional() @IsIn(DELIVERY_STATES) state?: DeliveryState;
  @IsOptional() @Type(() => Number) @IsInt() @Min(1) @Max(100) limit?: number;
  /** Opaque: the `nextCursor` of the previous page. */
  @IsOptional() @IsString() @MaxLength(200) cursor?: string;
}
