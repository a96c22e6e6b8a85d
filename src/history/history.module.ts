import { Module } from '@nestjs/common';
import { ChainVerifier } from '../event-store/chain-verifier';
import { ArticleHistoryReader } from './article-history.reader';
import { AuditController } from './audit.controller';
import { AuditLogReader } from './audit-log.reader';
import { AuditVerifier } from './audit-verifier';
import { HistoryController } from './history.controller';
import { ReadModelVerifier } from './read-model-verifier';

/** The read side for auditors and editors: history, versions, diffs, the audit log, the chain check and the read models' check. */
@Module({
  controllers: [HistoryController, AuditController],
  providers: [ArticleHistoryReader, AuditLogReader, ChainVerifier, ReadModelVerifier, AuditVerifier],
})
export class HistoryModule {}
