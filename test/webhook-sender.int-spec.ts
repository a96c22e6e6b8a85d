import { createServer, type RequestListener, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { Webhook } from 'standardwebhooks';
import { generateWebhookSecret } from '../src/webhooks/webhook-secret';
import { sendWebhook, type SendSettings } from '../src/webhooks/webhook-sender';

/** One attempt against real loopback servers: what counts as delivered, and what each failure says. */
const servers: Server[] = [];
const secret = generateWebhookSecret();
const settings = (overrides: Partial<SendSettings> = {}): SendSettings => ({
  timeoutMs: 500,
  allowPrivateTargets: true,
  signal: new AbortController().signal,
  ...overrides,
});

async function serve(listener: RequestListener): Promise<string> {
  const server = createServer(listener);
  servers.push(server);
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return `http://127.0.0.1:${(server.address() as AddressInfo).port}/hook`;
}

afterAll(async () => {
  for (const server of servers) {
    server.closeAllConnections();
    await new Promise((resolve) => server.close(resolve));
  }
});

const message = (url: string) => ({ url, secret, id: 'a6f0c1de-0000-4000-8000-000000000001', body: '{"type":"ArticleDrafted"}' });

describe('sendWebhook', () => {
  it('delivers on a 2xx, signed so that Webhook.verify accepts it', async () => {
    let verified: unknown;
    const url = await serve((request, response) => {
      const chunks: Buffer[] = [];
      request.on('data', (chunk: Buffer) => chunks.push(chunk));
      request.on('end', () => {
        verified = new Webhook(secret).verify(Buffer.concat(chunks).toString(), request.headers as Record<string, string>);
        response.writeHead(202).end();
      });
    });
    const outcome = await sendWebhook(message(url), settings());
    expect(outcome).toMatchObject({ delivered: true, status: 202, error: null });
    expect(verified).toEqual({ type: 'ArticleDrafted' });
  });

  it('does not follow a redirect', async () => {
    let followed = false;
    const target = await serve((_, response) => {
      followed = true;
      response.writeHead(200).end();
    });
    const url = await serve((_, response) => response.writeHead(307, { location: target }).end());
    const outcome = await sendWebhook(message(url), settings());
    expect(outcome).toMatchObject({ delivered: false, status: 307, error: 'answered 307 (redirects are not followed)' });
    expect(followed).toBe(false);
  });

  it('reads no more of an answer than it keeps for the log', async () => {
    const url = await serve((_, response) => {
      response.writeHead(500);
      // An answer that never ends: only its start is read, then the connection is closed.
      const timer = setInterval(() => response.write('x'.repeat(64 * 1024)), 5);
      response.on('close', () => clearInterval(timer));
    });
    const outcome = await sendWebhook(message(url), settings({ timeoutMs: 5_000 }));
    expect(outcome.status).toBe(500);
    expect(outcome.error).toBe(`answered 500: ${'x'.repeat(512)}`);
    expect(outcome.durationMs).toBeLessThan(5_000);
  });

  it('gives up on a receiver that does not answer in time', async () => {
    const url = await serve(() => undefined);
    const outcome = await sendWebhook(message(url), settings({ timeoutMs: 300 }));
    expect(outcome).toMatchObject({ delivered: false, status: null, error: 'no answer within 300 ms' });
    expect(outcome.durationMs).toBeGreaterThanOrEqual(290);
  });

  it('stops when the service is stopping', async () => {
    const url = await serve(() => undefined);
    const stopping = new AbortController();
    setTimeout(() => stopping.abort(), 50);
    const outcome = await sendWebhook(message(url), settings({ timeoutMs: 5_000, signal: stopping.signal }));
    expect(outcome.error).toBe('interrupted: the service was stopping');
  });

  it('says why a target cannot be reached', async () => {
    const url = await serve((_, response) => response.end());
    servers.at(-1)!.close();
    const outcome = await sendWebhook(message(url), settings());
    expect(outcome).toMatchObject({ delivered: false, status: null, error: expect.stringMatching(/^ECONNREFUSED/) });
  });

  it('refuses a private address unless private targets are allowed, before connecting', async () => {
    let reached = false;
    const url = await serve((_, response) => {
      reached = true;
      response.end();
    });
    const outcome = await sendWebhook(message(url), settings({ allowPrivateTargets: false }));
    expect(outcome).toMatchObject({ delivered: false, status: null, error: 'refused: 127.0.0.1 is a loopback address' });
    expect(reached).toBe(false);
  });
});
