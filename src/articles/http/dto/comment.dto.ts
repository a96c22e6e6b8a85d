import { IsNotEmpty, IsString, MaxLength } from 'class-validator';
import { PlainText } from '../../../common/text';

/** An internal note for the desk: plain text, never shown to the public. */
export class CommentDto {
  @PlainText() @IsString() @IsNotEmpty() @MaxLength(5_000) text!: string;
}
