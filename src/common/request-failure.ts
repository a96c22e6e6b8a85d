/**
 * The error behind a request's 5xx answer, kept by the problem filter that answered it for the
 * access log line that reports it: one line per failed request, with its stack.
 */
const failures = new WeakMap<object, unknown>();

export function recordFailure(request: object, error: unknown): void {
  failures.set(request, error);
}

export function failureOf(request: object): unknown {
  return failures.get(request);
}
