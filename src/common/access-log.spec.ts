import type { FastifyReply, FastifyRequest } from 'fastify';
import { accessLogLine } from './access-log';

describe('the access log line', () => {
  const reply = { statusCode: 201, elapsedTime: 12.345 } as FastifyReply;

  it('names the request, its outcome, its duration, who sent it and its request id', () => {
    const request = { method: 'POST', url: '/articles', id: 'req-1', actor: { id: 'eddie' } } as unknown as FastifyRequest;
    expect(accessLogLine(request, reply)).toBe('POST /articles 201 12.3 ms by eddie [req-1]');
  });

  it('leaves out who when the route is public or the token was refused', () => {
    const request = { method: 'GET', url: '/published/a-slug', id: 'req-2' } as unknown as FastifyRequest;
    expect(accessLogLine(request, reply)).toBe('GET /published/a-slug 201 12.3 ms [req-2]');
  });
});
