import type { FastifyReply, FastifyRequest } from 'fastify';
import { recordFailure } from '../common/request-failure';
import { accessLogEntry } from './access-log';

const requestOf = (fields: { method: string; url: string; id: string; route?: string; actor?: { id: string } }) =>
  ({ ...fields, routeOptions: { url: fields.route } }) as unknown as FastifyRequest;
const replyOf = (statusCode: number) => ({ statusCode, elapsedTime: 12.345 }) as FastifyReply;

describe('the access log entry', () => {
  it('names the request, its route template, its outcome, its duration, who sent it and its request id', () => {
    const request = requestOf({
      method: 'PATCH',
      url: '/articles/a1?x=1',
      id: 'req-1',
      route: '/articles/:id',
      actor: { id: 'eddie' },
    });
    expect(accessLogEntry(request, replyOf(200))).toEqual({
      level: 'info',
      msg: 'PATCH /articles/a1?x=1 200',
      fields: {
        requestId: 'req-1',
        actor: 'eddie',
        route: '/articles/:id',
        method: 'PATCH',
        url: '/articles/a1?x=1',
        status: 200,
        ms: 12.3,
      },
    });
  });

  it('says null for who on public routes and for the route when none matched', () => {
    const { fields } = accessLogEntry(requestOf({ method: 'GET', url: '/nowhere', id: 'req-2' }), replyOf(404));
    expect(fields).toMatchObject({ actor: null, route: null, status: 404 });
  });

  it.each([
    [200, 'info'],
    [304, 'info'],
    [400, 'warn'],
    [412, 'warn'],
    [499, 'warn'],
    [500, 'error'],
    [503, 'error'],
  ])('logs a %i at %s', (status, level) => {
    expect(accessLogEntry(requestOf({ method: 'GET', url: '/', id: 'r' }), replyOf(status)).level).toBe(level);
  });

  it('carries the error behind a 5xx, and no error on a 4xx', () => {
    const failing = requestOf({ method: 'POST', url: '/articles', id: 'req-3', route: '/articles' });
    const error = new Error('the disk is full');
    recordFailure(failing, error);
    expect(accessLogEntry(failing, replyOf(500)).fields.err).toBe(error);
    expect(accessLogEntry(failing, replyOf(409)).fields).not.toHaveProperty('err');
  });
});
