import { webhookTarget } from './webhook-target';

describe('webhookTarget', () => {
  describe('given an http or https URL with a host name', () => {
    it('reads its host, with no literal address', () => {
      const target = webhookTarget('https://hooks.example.org/copydesk?team=web');
      expect(target).toEqual({
        url: new URL('https://hooks.example.org/copydesk?team=web'),
        host: 'hooks.example.org',
        literalAddress: null,
      });
    });
  });

  describe('given a URL whose host is an IP address', () => {
    it.each([
      ['http://127.0.0.1:8080/hook', '127.0.0.1'],
      ['http://[::1]/hook', '::1'],
      // WHATWG URL parsing turns these spellings of 127.0.0.1 into the dotted form before anyone judges them.
      ['http://2130706433/hook', '127.0.0.1'],
      ['http://0x7f.1/hook', '127.0.0.1'],
      ['http://[::ffff:127.0.0.1]/hook', '::ffff:7f00:1'],
    ])('reads %s as the address %s', (raw, address) => {
      expect(webhookTarget(raw)).toMatchObject({ literalAddress: address });
    });
  });

  describe('given a URL a webhook cannot have', () => {
    it.each([
      ['hooks.example.org/copydesk', 'must be an absolute URL'],
      ['ftp://hooks.example.org/copydesk', 'must be an http or https URL'],
      ['file:///etc/passwd', 'must be an http or https URL'],
      ['https://user:secret@hooks.example.org/', 'must not carry a user name or password'],
      ['https://token@hooks.example.org/', 'must not carry a user name or password'],
      ['https://hooks.example.org/#top', 'must not have a fragment'],
      [`https://hooks.example.org/${'a'.repeat(2048)}`, 'must be at most 2048 characters long'],
    ])('refuses %s: %s', (raw, fault) => {
      expect(webhookTarget(raw)).toEqual({ fault });
    });
  });
});
