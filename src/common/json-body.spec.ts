import Fastify from 'fastify';
import { registerJsonBodyParser } from './json-body';

describe('the JSON body parser', () => {
  it('refuses malformed JSON without running the route, even one that takes no body', async () => {
    const app = Fastify();
    registerJsonBodyParser(app);
    // Like Nest's exception filters, an error handler that answers a little later: the route must not run meanwhile.
    app.setErrorHandler(async (error: Error, _request, reply) => {
      await new Promise((resolve) => setTimeout(resolve, 20));
      return reply.status(400).send({ detail: error.message });
    });
    let ran = 0;
    app.post('/submit', async () => {
      ran += 1;
      return { submitted: true };
    });
    const address = await app.listen({ port: 0, host: '127.0.0.1' });
    const response = await fetch(`${address}/submit`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: '{"a":1}}',
    });
    // The refusal is sent first; give a second call of done the time to run the route after it.
    await new Promise((resolve) => setTimeout(resolve, 50));
    expect(response.status).toBe(400);
    expect(ran).toBe(0);
    await app.close();
  });
});
