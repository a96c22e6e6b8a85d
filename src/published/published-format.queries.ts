import { IsIn, IsOptional, IsString, MaxLength } from 'class-validator';
import type { NinjsVersion } from './published-outputs';
import { Describe } from '../common/describe';

export class NinjsQuery {
  @Describe('3.1 unless asked: the current ninjs; 2.2 for partners still on 2.x.')
  @IsOptional()
  @IsIn(['3.1', '2.2'], { message: 'version must be 3.1 or 2.2' })
  version?: NinjsVersion;
}

export class FeedQuery {
  @IsOptional() @IsString() @MaxLength(100) section?: string;
  @IsOptional() @IsString() @MaxLength(100) tag?: string;
  @IsOptional() @IsIn(['full', 'summary'], { message: 'content must be full or summary' }) content?: 'full' | 'summary';
}
