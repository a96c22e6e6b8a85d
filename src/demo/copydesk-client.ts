import createClient, { type Client } from 'openapi-fetch';
import type { paths } from './copydesk-api';

/**
 * A client typed from the OpenAPI document (copydesk-api.d.ts, made by `npm run openapi:types`): a
 * path, parameter or body the API does not take does not compile.
 */
export type CopydeskClient = Client<paths>;

export function copydeskClient(baseUrl: string, timeoutMs: number): CopydeskClient {
  return createClient<paths>({
    baseUrl,
    headers: { accept: 'application/json' },
    fetch: (request) => fetch(request, { signal: AbortSignal.timeout(timeoutMs) }),
  });
}

/** What a failed call said, for a person: its status and the problem's detail. */
export class CopydeskRefusal extends Error {
  constructor(
    readonly call: string,
    readonly status: number,
    readonly problem: unknown,
  ) {
    super(`${call} answered ${status}:\n${JSON.stringify(problem, null, 2)}`);
  }
}
