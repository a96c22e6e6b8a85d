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
import { PlainText } from '../../../common/text';
import { AuthorDto, BlockTypes, ContentFieldsDto, LANGUAGE_TAG, MAX_BLOCKS, type AnyBlockDto } from './content.dto';

export class CreateArticleDto extends ContentFieldsDto {
  @PlainText() @IsString() @IsNotEmpty() @MaxLength(300) headline!: string;
  @PlainText() @IsString() @IsNotEmpty() @MaxLength(100) section!: string;
  @Matches(LANGUAGE_TAG, { message: 'language must be a language tag such as en or en-GB' }) language!: string;
  @IsArray()
  @ArrayMinSize(1)
  @ArrayMaxSize(20)
  @IsObject({ each: true })
  @ValidateNested({ each: true })
  @Type(() => AuthorDto)
  authors!: AuthorDto[];
  @IsArray() @ArrayMaxSize(MAX_BLOCKS) @ValidateNested({ each: true }) @BlockTypes() body!: AnyBlockDto[];
}
