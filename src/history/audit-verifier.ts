import { Injectable } from '@nestjs/common';
import { ChainVerifier, type ChainReport } from '../event-store/chain-verifier';
import { ReadModelVerifier, type ReadModelReport } from './read-model-verifier';

export interface VerifyOptions {
  readonly stream?: string;
  readonly readModels?: boolean;
}

export interface VerifyReport {
  /** Every chain checked holds and, when they were checked, every read model equals its replay. */
  readonly intact: boolean;
  /** The one stream checked, or null for all of them. */
  readonly stream: string | null;
  readonly chain: ChainReport;
  /** Null when the read models were not asked for. */
  readonly readModels: ReadModelReport | null;
}

/** A named stream with no events: a typo, or a stream removed whole, which no chain can show. */
export class StreamHasNoEvents extends Error {
  constructor(readonly streamId: string) {
    super(`stream ${streamId} has no events`);
    this.name = 'StreamHasNoEvents';
  }
}

/** The audit's verify, for the HTTP route and the CLI alike: the hash chains, then the read models if asked. */
@Injectable()
export class AuditVerifier {
  constructor(
    private readonly chains: ChainVerifier,
    private readonly readModels: ReadModelVerifier,
  ) {}

  async verify(options: VerifyOptions = {}): Promise<VerifyReport> {
    const chain = await this.chains.verify({ streamId: options.stream });
    if (options.stream !== undefined && chain.streams === 0) throw new StreamHasNoEvents(options.stream);
    const readModels = options.readModels ? await this.readModels.verify({ streamId: options.stream }) : null;
    return {
      intact: chain.intact && (readModels?.intact ?? true),
      stream: options.stream ?? null,
      chain,
      readModels,
    };
  }
}
