import { randomBytes } from 'node:crypto';

/** Standard Webhooks' form of a symmetric secret: the prefix, then the key in base64. */
const PREFIX = 'whsec_';
const BASE64 = /^[A-Za-z0-9+/]+={0,2}$/;
/** The specification asks for keys of 24 to 64 bytes; a generated one has 32. */
const MIN_KEY_BYTES = 24;
const MAX_KEY_BYTES = 64;

export function generateWebhookSecret(): string {
  return `${PREFIX}${randomBytes(32).toString('base64')}`;
}

/** Why `secret` is not a Standard Webhooks secret, or null when it is one. */
export function webhookSecretFault(secret: string): string | null {
  const key = secret.startsWith(PREFIX) ? secret.slice(PREFIX.length) : null;
  if (key === null || !BASE64.test(key) || key.length % 4 !== 0) return `must be ${PREFIX} followed by a base64 key`;
  const bytes = Buffer.from(key, 'base64').length;
  if (bytes < MIN_KEY_BYTES || bytes > MAX_KEY_BYTES) {
    return `must hold a key of ${MIN_KEY_BYTES} to ${MAX_KEY_BYTES} bytes, not ${bytes}`;
  }
  return null;
}
