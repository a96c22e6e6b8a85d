import type { Client, Request } from 'autocannon';

/**
 * autocannon's `setupClient` for `npm run bench:http`, loaded by path on autocannon's worker thread.
 * Connection k edits record k alone, one request at a time, and chains its own ETag: each PATCH
 * sends the version the previous answer named in If-Match (when `versions` is given). autocannon
 * resets a request's context before every request, so the chain lives in this closure instead.
 */

interface EditLoad {
  /** One path per connection: `/articles/<id>` or `/crud/<id>`. */
  readonly paths: readonly string[];
  /** Each record's version to send in If-Match first; null for the baseline, which takes no If-Match. */
  readonly versions: readonly number[] | null;
  readonly headers: Readonly<Record<string, string>>;
}

// A worker thread loads this module afresh for each autocannon run, so connections count from 0 each run.
let connections = 0;
let refused = false;

function setupClient(client: Client): void {
  const load = (client as unknown as { opts: { initialContext: EditLoad } }).opts.initialContext;
  const index = connections++;
  if (index >= load.paths.length) throw new Error(`connection ${index + 1} has no record of its own to edit`);
  let version = load.versions === null ? null : load.versions[index];
  let edits = 0;
  const edit: Request = {
    method: 'PATCH',
    path: load.paths[index],
    setupRequest: (request) => ({
      ...request,
      headers: { ...load.headers, ...(version === null ? {} : { 'if-match': `"${version}"` }) },
      // A new value every time, so every request is a real change and writes.
      body: JSON.stringify({ headline: `Edited by connection ${index}, edit ${++edits} at ${Date.now()}` }),
    }),
    onResponse: (status, body, _context, headers) => {
      // The first refusal says why on stderr; the main thread then refuses the run, since it counts non-2xx.
      if (status !== 200 && !refused) {
        refused = true;
        console.error(`${load.paths[index]} with If-Match "${version}" answered ${status}: ${body}`);
      }
      const etag = headers?.etag ?? headers?.ETag;
      // On anything but 200 the version stays, and every later request fails too: the run is refused as a whole.
      if (version !== null && status === 200 && typeof etag === 'string') version = Number(JSON.parse(etag));
    },
  };
  client.setRequests([edit]);
}

export = setupClient;
