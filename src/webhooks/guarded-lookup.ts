import { lookup as dnsLookup, type LookupAddress } from 'node:dns';
import type { LookupFunction } from 'node:net';
import { refusedAddress } from './target-address';

/** A target refused by the SSRF guard: its message says which address and why. */
export class RefusedTarget extends Error {
  constructor(reason: string) {
    super(`refused: ${reason}`);
    this.name = 'RefusedTarget';
  }
}

/**
 * Every address `host` resolves to, refused as a whole when one of them may not be reached: a name
 * that resolves to a public and a private address is refused, not tried on the public one.
 */
export async function resolvePublicAddresses(host: string): Promise<LookupAddress[]> {
  const addresses = await new Promise<LookupAddress[]>((resolve, reject) =>
    dnsLookup(host, { all: true, verbatim: true }, (error, found) => (error ? reject(error) : resolve(found))),
  );
  for (const { address } of addresses) {
    const refused = refusedAddress(address);
    if (refused !== null) throw new RefusedTarget(`${host} resolves to ${refused}`);
  }
  return addresses;
}

/**
 * The `lookup` a delivery's connection uses: the addresses it connects to are the ones judged, at
 * the moment it connects — a name that resolved to a public address when the webhook was made and
 * to a private one now (DNS rebinding) is refused here.
 */
export const guardedLookup: LookupFunction = (host, options, callback) => {
  resolvePublicAddresses(host).then(
    (addresses) => {
      const usable = options.family ? addresses.filter((address) => address.family === options.family) : addresses;
      if (options.all) return (callback as (error: null, addresses: LookupAddress[]) => void)(null, usable);
      const [first] = usable;
      if (first === undefined) return callback(Object.assign(new Error(`${host} has no address`), { code: 'ENOTFOUND' }), '', 0);
      callback(null, first.address, first.family);
    },
    (error: NodeJS.ErrnoException) => callback(error, '', 0),
  );
};
