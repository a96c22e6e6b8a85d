import ipaddr from 'ipaddr.js';

/**
 * Why a webhook may not be delivered to an address, or null for a public unicast address. Only
 * ipaddr.js's `unicast` range is public: private, loopback, link-local (cloud metadata at
 * 169.254.169.254), unique-local, unspecified, carrier-grade NAT, multicast, broadcast, reserved
 * and documentation ranges are refused, and so is every IPv6 form that carries an IPv4 address
 * (IPv4-mapped, NAT64, 6to4, Teredo), which could lead to any of those.
 */
export function refusedAddress(address: string): string | null {
  if (!ipaddr.isValid(address)) return `${address} is not an IP address`;
  const range = ipaddr.parse(address).range();
  return range === 'unicast' ? null : `${address} is a ${RANGE_NAMES[range] ?? `${range}`} address`;
}

const RANGE_NAMES: Record<string, string> = {
  private: 'private',
  loopback: 'loopback',
  linkLocal: 'link-local',
  uniqueLocal: 'unique-local',
  unspecified: 'unspecified',
  carrierGradeNat: 'carrier-grade NAT (100.64.0.0/10)',
  ipv4Mapped: 'IPv4-mapped IPv6',
  multicast: 'multicast',
  broadcast: 'broadcast',
  reserved: 'reserved',
  rfc6052: 'NAT64 (IPv4-embedded IPv6)',
  '6to4': '6to4 (IPv4-embedded IPv6)',
  teredo: 'Teredo (IPv4-embedded IPv6)',
};
