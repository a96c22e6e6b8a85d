import { STATUS_CODES } from 'node:http';
import type { Socket } from 'node:net';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { PROBLEM_CONTENT_TYPE, problem } from './problem-details';

/*
 * Refusals that Fastify and Node's HTTP parser make before a route is found, where no exception
 * filter runs. They get the same problem+json as every other error.
 */

/** Fastify's `frameworkErrors`: a path that does not decode (400) or a path parameter too long for the router (414). */
export function frameworkErrors(error: Error & { code?: string }, request: FastifyRequest, reply: FastifyReply): void {
  const tooLong = error.code === 'FST_ERR_MAX_PARAM_LENGTH';
  const status = tooLong ? 414 : 400;
  const detail = tooLong
    ? `a segment of the path is longer than any Copydesk identifier (${MAX_PATH_PARAMETER_LENGTH} characters)`
    : 'the path is not valid percent-encoded UTF-8';
  void reply
    .status(status)
    .header('content-type', PROBLEM_CONTENT_TYPE)
    .send({ ...problem(status, detail, { errors: [{ field: '(path)', messages: [detail] }] }), requestId: request.id });
}

/** Longer than any slug (120) or id (36) the routes take; longer still is refused by the router with 414. */
export const MAX_PATH_PARAMETER_LENGTH = 200;

/**
 * Node's `clientError`: headers too large (431), a request that timed out (408), or bytes that are
 * not HTTP (400). The socket is answered directly and closed, as Node itself would.
 */
export function clientErrorHandler(error: Error & { code?: string }, socket: Socket): void {
  if (error.code === 'ECONNRESET' || socket.destroyed) return;
  const status = error.code === 'HPE_HEADER_OVERFLOW' ? 431 : error.code === 'ERR_HTTP_REQUEST_TIMEOUT' ? 408 : 400;
  const detail =
    status === 431
      ? 'the request headers are larger than this server accepts'
      : status === 408
        ? 'the request was not received in time'
        : 'the request is not well-formed HTTP';
  const body = JSON.stringify(problem(status, detail));
  if (socket.writable) {
    socket.write(
      `HTTP/1.1 ${status} ${STATUS_CODES[status]}\r\nContent-Type: ${PROBLEM_CONTENT_TYPE}\r\n` +
        `Content-Length: ${Buffer.byteLength(body)}\r\nConnection: close\r\n\r\n${body}`,
    );
  }
  socket.destroy(error);
}
