import { Webhook } from 'standardwebhooks';
import { generateWebhookSecret, webhookSecretFault } from './webhook-secret';

describe('webhook secrets', () => {
  describe('given a generated secret', () => {
    const secret = generateWebhookSecret();

    it('is in the whsec_ form with a 32-byte key', () => {
      expect(secret).toMatch(/^whsec_[A-Za-z0-9+/]{43}=$/);
      expect(webhookSecretFault(secret)).toBeNull();
    });

    it('signs and verifies with the standardwebhooks package', () => {
      const webhook = new Webhook(secret);
      const timestamp = new Date();
      const signature = webhook.sign('msg_1', timestamp, '{"a":1}');
      const headers = {
        'webhook-id': 'msg_1',
        'webhook-timestamp': String(Math.floor(timestamp.getTime() / 1000)),
        'webhook-signature': signature,
      };
      expect(webhook.verify('{"a":1}', headers)).toEqual({ a: 1 });
    });

    it('differs every time', () => {
      expect(generateWebhookSecret()).not.toBe(secret);
    });
  });

  describe('given a secret someone chose', () => {
    it('takes a whsec_ key of 24 to 64 bytes', () => {
      expect(webhookSecretFault(`whsec_${Buffer.alloc(24, 1).toString('base64')}`)).toBeNull();
      expect(webhookSecretFault(`whsec_${Buffer.alloc(64, 1).toString('base64')}`)).toBeNull();
    });

    it.each([
      ['plain-text-secret', 'must be whsec_ followed by a base64 key'],
      ['whsec_not base64!', 'must be whsec_ followed by a base64 key'],
      ['whsec_abc', 'must be whsec_ followed by a base64 key'],
      [`whsec_${Buffer.alloc(16, 1).toString('base64')}`, 'must hold a key of 24 to 64 bytes, not 16'],
      [`whsec_${Buffer.alloc(65, 1).toString('base64')}`, 'must hold a key of 24 to 64 bytes, not 65'],
    ])('refuses %s', (secret, fault) => {
      expect(webhookSecretFault(secret)).toBe(fault);
    });
  });
});
