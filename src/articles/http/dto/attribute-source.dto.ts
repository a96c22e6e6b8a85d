import { IsIn, IsNotEmpty, IsString, IsUrl, MaxLength } from 'class-validator';
import { MayBeAbsent } from '../../../common/may-be-absent';
import { PlainText } from '../../../common/text';
import { SOURCE_ROLES, type SourceRole } from '../../domain/article.types';

export class AttributeSourceDto {
  @PlainText() @IsString() @IsNotEmpty() @MaxLength(200) name!: string;
  @IsIn(SOURCE_ROLES, { message: `role must be one of ${SOURCE_ROLES.join(', ')}` }) role!: SourceRole;
  @MayBeAbsent() @IsUrl({ protocols: ['http', 'https'], require_protocol: true }) url?: string;
  @MayBeAbsent() @PlainText() @IsString() @MaxLength(1_000) note?: string;
}
