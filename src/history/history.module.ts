import { Module } from '@nestjs/common';
import { ChainVerifier } from '../event-store/chain-verifier';
import { ArticleHistoryReader } from './article-history.reader';
import { AuditController } from './audit.controller';
import { AuditLogReader } from './audit-log.reader';
import { HistoryController } from './history.controller';

/** The read side for auditors and editors: history, versions, diffs, the audit log and the chain check. */
@Module({
  controllers: [HistoryController, AuditController],
  providers: [ArticleHistoryReader, AuditLogReader, ChainVerifier],
})
export class HistoryModule {}
