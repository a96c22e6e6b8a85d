import type { AddressInfo } from 'node:net';

/** The addresses a server is bound to, as URLs: IPv6 in brackets, 0.0.0.0 and :: as they are (every interface); a socket path as it is. */
export function listenAddresses(bound: readonly (AddressInfo | string)[], path = ''): string[] {
  return bound.map((each) =>
    typeof each === 'string' ? each : `http://${each.family === 'IPv6' ? `[${each.address}]` : each.address}:${each.port}${path}`,
  );
}
