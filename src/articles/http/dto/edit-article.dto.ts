import { Type } from 'class-transformer';
import {
  ArrayMaxSize,
  ArrayMinSize,
  IsArray,
  IsNotEmpty,
  IsOptional,
  IsString,
  Matches,
  MaxLength,
  ValidateNested,
} from 'class-validator';
import { PlainText } from '../../../common/text';
import { AuthorDto, BlockTypes, ContentFieldsDto, LANGUAGE_TAG, MAX_BLOCKS, type AnyBlockDto } from './content.dto';

/** Only the fields sent are changed; `body`, when sent, is the whole new body (blocks keep their ids). */
export class EditArticleDto extends ContentFieldsDto {
  @IsOptional() @PlainText() @IsString() @IsNotEmpty() @MaxLength(300) headline?: string;
  @IsOptional() @PlainText() @IsString() @IsNotEmpty() @MaxLength(100) section?: string;
  @IsOptional() @Matches(LANGUAGE_TAG, { message: 'language must be a language tag such as en or en-GB' }) language?: string;
  @IsOptional()
  @IsArray()
  @ArrayMinSize(1)
  @ArrayMaxSize(20)
  @ValidateNested({ each: true })
  @Type(() => AuthorDto)
  authors?: AuthorDto[];
  @IsOptional() @IsArray() @ArrayMaxSize(MAX_BLOCKS) @ValidateNested({ each: true }) @BlockTypes() body?: AnyBlockDto[];
}
