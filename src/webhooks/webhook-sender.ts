import { request as httpRequest, type IncomingMessage } from 'node:http';
import { request as httpsRequest } from 'node:https';
import { Webhook } from 'standardwebhooks';
import { guardedLookup, RefusedTarget } from './guarded-lookup';
import { refusedAddress } from './target-address';
import { webhookTarget } from './webhook-target';

/** One delivery attempt's message. */
export interface WebhookMessage {
  readonly url: string;
  readonly secret: string;
  /** The `webhook-id`: the event's id, the same on every attempt, for the receiver to drop repeats. */
  readonly id: string;
  readonly body: string;
}

export interface SendSettings {
  readonly timeoutMs: number;
  readonly allowPrivateTargets: boolean;
  /** Aborts the attempt (the service is stopping); it then fails like a timeout. */
  readonly signal: AbortSignal;
}

export interface AttemptOutcome {
  readonly delivered: boolean;
  /** The receiver's HTTP status; null when none came. */
  readonly status: number | null;
  /** Why it failed; null when delivered. */
  readonly error: string | null;
  readonly durationMs: number;
}

/** Only this much of a receiver's answer is read, for the delivery log; the rest is not waited for. */
const ANSWER_BYTES_KEPT = 512;
const USER_AGENT = 'Copydesk-Webhooks/1';

/**
 * Sends one signed delivery (Standard Webhooks: `webhook-id`, `webhook-timestamp` and an HMAC-SHA256
 * `webhook-signature` over `id.timestamp.body`). A 2xx answer is a delivery; anything else — another
 * status, a redirect (never followed), a refused or unreachable target, the time running out — is a
 * failed attempt, described for the delivery log. It never throws.
 */
export async function sendWebhook(message: WebhookMessage, settings: SendSettings): Promise<AttemptOutcome> {
  const started = performance.now();
  const finished = (outcome: Omit<AttemptOutcome, 'durationMs'>): AttemptOutcome => ({
    ...outcome,
    durationMs: Math.round(performance.now() - started),
  });
  try {
    const target = webhookTarget(message.url);
    if ('fault' in target) throw new RefusedTarget(`the URL ${target.fault}`);
    if (!settings.allowPrivateTargets && target.literalAddress !== null) {
      const refused = refusedAddress(target.literalAddress);
      if (refused !== null) throw new RefusedTarget(refused);
    }
    const timestamp = new Date();
    const signature = new Webhook(message.secret).sign(message.id, timestamp, message.body);
    const answer = await post(
      target.url,
      message.body,
      {
        'content-type': 'application/json',
        'user-agent': USER_AGENT,
        'webhook-id': message.id,
        'webhook-timestamp': String(Math.floor(timestamp.getTime() / 1000)),
        'webhook-signature': signature,
      },
      settings,
    );
    if (answer.status >= 200 && answer.status < 300) return finished({ delivered: true, status: answer.status, error: null });
    const redirect = answer.status >= 300 && answer.status < 400 ? ' (redirects are not followed)' : '';
    const said = answer.text.trim() === '' ? '' : `: ${answer.text.trim()}`;
    return finished({ delivered: false, status: answer.status, error: `answered ${answer.status}${redirect}${said}` });
  } catch (error) {
    return finished({ delivered: false, status: null, error: describe(error, settings) });
  }
}

function post(
  url: URL,
  body: string,
  headers: Record<string, string>,
  settings: SendSettings,
): Promise<{ status: number; text: string }> {
  const signal = AbortSignal.any([settings.signal, AbortSignal.timeout(settings.timeoutMs)]);
  const request = url.protocol === 'https:' ? httpsRequest : httpRequest;
  return new Promise((resolve, reject) => {
    const outgoing = request(
      url,
      {
        method: 'POST',
        headers: { ...headers, 'content-length': String(Buffer.byteLength(body)) },
        signal,
        // The guard judges the addresses the connection is about to use; with private targets allowed, plain DNS.
        ...(settings.allowPrivateTargets ? {} : { lookup: guardedLookup }),
        // A connection per attempt: nothing a receiver does lingers into the next attempt.
        agent: false,
      },
      (response) => readSome(response).then((text) => resolve({ status: response.statusCode ?? 0, text }), reject),
    );
    outgoing.on('error', reject);
    outgoing.end(body);
  });
}

/** The start of the answer, for the log; the connection is closed once that much has come. */
function readSome(response: IncomingMessage): Promise<string> {
  return new Promise((resolve) => {
    const chunks: Buffer[] = [];
    let kept = 0;
    const done = () => {
      response.destroy();
      resolve(Buffer.concat(chunks).toString('utf8', 0, Math.min(kept, ANSWER_BYTES_KEPT)).replace(/\s+/g, ' '));
    };
    response.on('data', (chunk: Buffer) => {
      chunks.push(chunk);
      kept += chunk.length;
      if (kept >= ANSWER_BYTES_KEPT) done();
    });
    response.on('end', done);
    response.on('error', done);
  });
}

function describe(error: unknown, settings: SendSettings): string {
  if (error instanceof RefusedTarget) return error.message;
  if (settings.signal.aborted) return 'interrupted: the service was stopping';
  const { name, code, message } = error as NodeJS.ErrnoException;
  if (name === 'TimeoutError' || name === 'AbortError') return `no answer within ${settings.timeoutMs} ms`;
  return code ? `${code}: ${message}` : message;
}
