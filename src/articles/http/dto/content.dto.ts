import { MayBeAbsent } from '../../../common/may-be-absent';
import { applyDecorators } from '@nestjs/common';
import { Type } from 'class-transformer';
import {
  ArrayMaxSize,
  IsArray,
  IsIn,
  IsInt,
  IsObject,
  IsNotEmpty,
  IsOptional,
  IsString,
  IsUrl,
  Matches,
  Max,
  MaxLength,
  Min,
  ValidateNested,
} from 'class-validator';
import { InlineMarkup, PlainText } from '../../../common/text';
import { BLOCK_TYPES } from '../../domain/article-content.rules';
import { SLUG_PATTERN } from '../../domain/slug';
import { Describe } from '../../../common/describe';

const URL_OPTIONS = { protocols: ['http', 'https'], require_protocol: true, require_tld: false };
const MAX_TEXT = 20_000;
const MAX_LINE = 500;
export const BLOCK_ID_PATTERN = /^[A-Za-z0-9_-]{1,64}$/;

export class AuthorDto {
  @PlainText() @IsString() @IsNotEmpty() @MaxLength(200) name!: string;
  @MayBeAbsent() @PlainText() @IsString() @MaxLength(2_000) bio?: string;
  @MayBeAbsent() @IsUrl(URL_OPTIONS) url?: string;
}

export class LeadImageDto {
  @IsUrl(URL_OPTIONS) url!: string;
  @MayBeAbsent() @PlainText() @IsString() @MaxLength(2_000) caption?: string;
  @MayBeAbsent() @PlainText() @IsString() @MaxLength(MAX_LINE) credit?: string;
  @PlainText() @IsString() @IsNotEmpty() @MaxLength(MAX_LINE) alt!: string;
}

export class RelatedLinkDto {
  @PlainText() @IsString() @IsNotEmpty() @MaxLength(MAX_LINE) title!: string;
  @IsUrl(URL_OPTIONS) url!: string;
}

/** Blocks may come without an id (new ones); the server gives them one. Existing ids keep a block's identity. */
abstract class BlockDto {
  @MayBeAbsent() @Matches(BLOCK_ID_PATTERN, { message: 'id must be 1–64 letters, digits, _ or -' }) id?: string;
  abstract type: string;
}

/** What a block with a missing or unknown `type` becomes, so that it is refused for its type, not passed over. */
class UnknownBlockDto extends BlockDto {
  @IsIn(BLOCK_TYPES, { message: `type must be one of ${BLOCK_TYPES.join(', ')}` }) type!: string;
}

export class ParagraphBlockDto extends BlockDto {
  @IsIn(['paragraph']) type!: 'paragraph';
  @InlineMarkup() @IsString() @IsNotEmpty() @MaxLength(MAX_TEXT) text!: string;
}

export class HeadingBlockDto extends BlockDto {
  @IsIn(['heading']) type!: 'heading';
  @InlineMarkup() @IsString() @IsNotEmpty() @MaxLength(MAX_LINE) text!: string;
  @IsInt() @Min(1) @Max(6) level!: number;
}

export class QuoteBlockDto extends BlockDto {
  @IsIn(['quote']) type!: 'quote';
  @InlineMarkup() @IsString() @IsNotEmpty() @MaxLength(MAX_TEXT) text!: string;
  @MayBeAbsent() @PlainText() @IsString() @MaxLength(MAX_LINE) speaker?: string;
}

export class ImageBlockDto extends BlockDto {
  @IsIn(['image']) type!: 'image';
  @IsUrl(URL_OPTIONS) url!: string;
  @MayBeAbsent() @PlainText() @IsString() @MaxLength(2_000) caption?: string;
  @MayBeAbsent() @PlainText() @IsString() @MaxLength(MAX_LINE) credit?: string;
  @PlainText() @IsString() @IsNotEmpty() @MaxLength(MAX_LINE) alt!: string;
}

export class RelatedBlockDto extends BlockDto {
  @IsIn(['related']) type!: 'related';
  @PlainText() @IsString() @IsNotEmpty() @MaxLength(MAX_LINE) title!: string;
  @IsUrl(URL_OPTIONS) url!: string;
}

export type AnyBlockDto = ParagraphBlockDto | HeadingBlockDto | QuoteBlockDto | ImageBlockDto | RelatedBlockDto;

/**
 * Chooses the block's class by its `type`, so each kind of block is validated by its own rules; a
 * null or non-object item is refused as such rather than passed over.
 */
export const BlockTypes = () =>
  applyDecorators(IsObject({ each: true, message: 'each block must be an object' }), BlockSubtypes());
const BlockSubtypes = () =>
  Type(() => UnknownBlockDto, {
    keepDiscriminatorProperty: true,
    discriminator: {
      property: 'type',
      subTypes: [
        { name: 'paragraph', value: ParagraphBlockDto },
        { name: 'heading', value: HeadingBlockDto },
        { name: 'quote', value: QuoteBlockDto },
        { name: 'image', value: ImageBlockDto },
        { name: 'related', value: RelatedBlockDto },
      ],
    },
  });

/** The fields shared by create and edit; create makes some of them required. */
export abstract class ContentFieldsDto {
  abstract headline?: string;
  @Describe('null means the article has no standfirst.')
  @IsOptional()
  @PlainText()
  @IsString()
  @MaxLength(1_000)
  standfirst?: string | null;
  @MayBeAbsent()
  @Matches(SLUG_PATTERN, { message: 'slug must be lowercase words joined by hyphens' })
  @MaxLength(120)
  slug?: string;
  abstract section?: string;
  @MayBeAbsent()
  @IsArray()
  @ArrayMaxSize(50)
  @PlainText()
  @IsString({ each: true })
  @IsNotEmpty({ each: true })
  @MaxLength(100, { each: true })
  tags?: string[];
  abstract language?: string;
  abstract authors?: AuthorDto[];
  abstract body?: AnyBlockDto[];
  @Describe('null takes the lead image away.')
  @IsOptional()
  @IsObject()
  @ValidateNested()
  @Type(() => LeadImageDto)
  leadImage?: LeadImageDto | null;
  @MayBeAbsent()
  @IsArray()
  @ArrayMaxSize(50)
  @IsObject({ each: true })
  @ValidateNested({ each: true })
  @Type(() => RelatedLinkDto)
  relatedLinks?: RelatedLinkDto[];
}

export const LANGUAGE_TAG = /^[a-z]{2,3}(-[A-Za-z0-9]{2,8})*$/;
export const MAX_BLOCKS = 2_000;
