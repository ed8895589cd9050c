import type { FastifyInstance } from 'fastify';

/** Liveness for container health checks and test fixtures: no token, no data. */
export async function healthRoutes(app: FastifyInstance): Promise<void> {
  app.get('/healthz', async () => ({ status: 'ok' }));
}
