import type { FastifyInstance } from 'fastify';

/**
 * Liveness for container health checks and test fixtures: no token, no data. Logged only at
 * warn and above, so a health check every 30 s does not fill the log with request lines.
 */
export async function healthRoutes(app: FastifyInstance): Promise<void> {
  app.get('/healthz', { logLevel: 'warn' }, async () => ({ status: 'ok' }));
}
