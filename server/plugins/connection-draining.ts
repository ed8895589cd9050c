import fp from 'fastify-plugin';

/**
 * Once the app is closing, every answer ends its connection (`Connection: close`), so close()
 * waits only for the requests in flight: a keep-alive connection does not linger until its
 * timeout, and a request that arrives on one meanwhile is answered, not refused.
 */
export const connectionDraining = fp(
  async (app) => {
    let closing = false;
    app.addHook('preClose', async () => {
      closing = true;
    });
    app.addHook('onSend', async (_request, reply) => {
      if (closing) reply.header('Connection', 'close');
    });
  },
  { name: 'connection-draining' },
);
