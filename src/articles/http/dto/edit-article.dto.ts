import { Type } from 'class-transformer';
import {
  ArrayMaxSize,
  ArrayMinSize,
  IsArray,
  IsNotEmpty,
  IsObject,
  IsString,
  Matches,
  MaxLength,
  ValidateNested,
} from 'class-validator';
import { MayBeAbsent } from '../../../common/may-be-absent';
import { PlainText } from '../../../common/text';
import { AuthorDto, BlockTypes, ContentFieldsDto, LANGUAGE_TAG, MAX_BLOCKS, type AnyBlockDto } from './content.dto';

/** Only the fields sent are changed; `body`, when sent, is the whole new body (blocks keep their ids). */
export class EditArticleDto extends ContentFieldsDto {
  @MayBeAbsent() @PlainText() @IsString() @IsNotEmpty() @MaxLength(300) headline?: string;
  @MayBeAbsent() @PlainText() @IsString() @IsNotEmpty() @MaxLength(100) section?: string;
  @MayBeAbsent() @Matches(LANGUAGE_TAG, { message: 'language must be a language tag such as en or en-GB' }) language?: string;
  @MayBeAbsent()
  @IsArray()
  @ArrayMinSize(1)
  @ArrayMaxSize(20)
  @IsObject({ each: true })
  @ValidateNested({ each: true })
  @Type(() => AuthorDto)
  authors?: AuthorDto[];
  @MayBeAbsent() @IsArray() @ArrayMaxSize(MAX_BLOCKS) @ValidateNested({ each: true }) @BlockTypes() body?: AnyBlockDto[];
}
