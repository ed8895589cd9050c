import fp from 'fastify-plugin';
import { openConnections } from '../open-connections.js';

/**
 * Once the app is closing, every answer ends its connection (`Connection: close`), and when the
 * last request in flight is answered every connection still open — idle keep-alive, half-sent,
 * mid-TLS-handshake — is ended, so close() waits only for the requests in flight. A request
 * pipelined behind one in flight is answered too, not refused with fastify's bare 503.
 */
export const connectionDraining = fp(
  async (app) => {
    let closing = false;
    app.addHook('preClose', async () => {
      closing = true;
      openConnections(app.server).endOnceIdle();
    });
    // Callback style: an async hook costs a promise on every request.
    app.addHook('onSend', (_request, reply, payload, done) => {
      if (closing) reply.header('Connection', 'close');
      done(null, payload);
    });
  },
  { name: 'connection-draining' },
);
