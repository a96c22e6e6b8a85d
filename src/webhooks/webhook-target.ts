import { isIP } from 'node:net';

const MAX_URL_LENGTH = 2048;

/** A webhook's target, as far as it can be judged without resolving its host. */
export type WebhookTarget =
  { readonly url: URL; readonly host: string; readonly literalAddress: string | null } | { readonly fault: string };

/**
 * Reads a webhook URL: absolute http or https, no user name or password in it (a secret in a URL
 * ends up in logs; the signature authenticates deliveries), no fragment. `literalAddress` is the
 * host when it is an IP address — a connection to it never asks DNS, so it is judged as it is.
 */
export function webhookTarget(raw: string): WebhookTarget {
  if (raw.length > MAX_URL_LENGTH) return { fault: `must be at most ${MAX_URL_LENGTH} characters long` };
  let url: URL;
  try {
    url = new URL(raw);
  } catch {
    return { fault: 'must be an absolute URL' };
  }
  if (url.protocol !== 'http:' && url.protocol !== 'https:') return { fault: 'must be an http or https URL' };
  if (url.username !== '' || url.password !== '') return { fault: 'must not carry a user name or password' };
  if (url.hash !== '') return { fault: 'must not have a fragment' };
  const host = url.hostname.replace(/^\[(.*)\]$/, '$1');
  if (host === '') return { fault: 'must name a host' };
  return { url, host, literalAddress: isIP(host) === 0 ? null : host };
}
