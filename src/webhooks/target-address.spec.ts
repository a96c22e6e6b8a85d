import { refusedAddress } from './target-address';

describe('refusedAddress', () => {
  describe('given a public unicast address', () => {
    it.each(['8.8.8.8', '93.184.216.34', '2001:4860:4860::8888'])('lets %s through', (address) => {
      expect(refusedAddress(address)).toBeNull();
    });
  });

  describe('given an address a webhook must not reach', () => {
    it.each([
      ['10.1.2.3', 'private'],
      ['172.16.0.1', 'private'],
      ['192.168.1.1', 'private'],
      ['127.0.0.1', 'loopback'],
      ['::1', 'loopback'],
      ['169.254.169.254', 'link-local'],
      ['fe80::1', 'link-local'],
      ['fd12:3456::1', 'unique-local'],
      ['0.0.0.0', 'unspecified'],
      ['::', 'unspecified'],
      ['100.64.0.1', 'carrier-grade NAT'],
      ['::ffff:127.0.0.1', 'IPv4-mapped'],
      ['::ffff:8.8.8.8', 'IPv4-mapped'],
      ['64:ff9b::a00:1', 'NAT64'],
      ['2002:a00:1::1', '6to4'],
      ['224.0.0.1', 'multicast'],
      ['255.255.255.255', 'broadcast'],
      ['192.0.2.1', 'reserved'],
    ])('refuses %s as %s', (address, range) => {
      expect(refusedAddress(address)).toContain(range);
    });
  });

  describe('given something that is not an address', () => {
    it('refuses it', () => {
      expect(refusedAddress('example.org')).toBe('example.org is not an IP address');
    });
  });
});
