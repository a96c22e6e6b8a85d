import { createServer, type IncomingHttpHeaders, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { setTimeout as sleep } from 'node:timers/promises';

/** One request as the receiver got it: the body as raw bytes, for signature checks. */
export interface ReceivedDelivery {
  readonly headers: IncomingHttpHeaders;
  readonly body: string;
  readonly path: string;
  readonly receivedAt: number;
  /** What the receiver answered; null while it holds the request. */
  answered: number | null;
}

/** What to answer: a status, or `hold` to keep the request open without answering. */
export type Answer = number | 'hold';

/**
 * A real HTTP server on loopback that records every webhook delivery it gets and answers as the
 * spec tells it to, request by request.
 */
export class WebhookReceiver {
  readonly received: ReceivedDelivery[] = [];
  private readonly held: ServerResponse[] = [];
  private server: Server | undefined;

  constructor(public answer: (delivery: ReceivedDelivery) => Answer = () => 204) {}

  async start(): Promise<this> {
    this.server = createServer((request, response) => {
      const chunks: Buffer[] = [];
      request.on('data', (chunk: Buffer) => chunks.push(chunk));
      request.on('end', () => {
        const delivery: ReceivedDelivery = {
          headers: request.headers,
          body: Buffer.concat(chunks).toString('utf8'),
          path: request.url ?? '',
          receivedAt: Date.now(),
          answered: null,
        };
        this.received.push(delivery);
        const answer = this.answer(delivery);
        if (answer === 'hold') {
          this.held.push(response);
          return;
        }
        delivery.answered = answer;
        response.writeHead(answer, { 'content-type': 'text/plain' }).end(answer >= 300 ? `no thanks (${answer})` : '');
      });
    });
    await new Promise<void>((resolve) => this.server!.listen(0, '127.0.0.1', resolve));
    return this;
  }

  get port(): number {
    return (this.server!.address() as AddressInfo).port;
  }

  url(path = '/hooks'): string {
    return `http://127.0.0.1:${this.port}${path}`;
  }

  /** Received bodies, parsed. */
  payloads(): { type: string; data: { event: { id: string; articleId: string; version: number } } & Record<string, unknown> }[] {
    return this.received.map((delivery) => JSON.parse(delivery.body));
  }

  /** The deliveries it accepted (2xx), in the order they came. */
  accepted(): ReceivedDelivery[] {
    return this.received.filter((delivery) => delivery.answered !== null && delivery.answered < 300);
  }

  async until(condition: (receiver: this) => boolean, timeoutMs = 20_000): Promise<void> {
    const deadline = Date.now() + timeoutMs;
    while (!condition(this)) {
      if (Date.now() > deadline) {
        throw new Error(
          `the receiver did not get what was expected; it got: ${this.received.map((d) => d.body.slice(0, 120)).join('\n')}`,
        );
      }
      await sleep(50);
    }
  }

  async stop(): Promise<void> {
    for (const response of this.held) response.destroy();
    this.server?.closeAllConnections();
    await new Promise<void>((resolve) => (this.server ? this.server.close(() => resolve()) : resolve()));
  }
}
