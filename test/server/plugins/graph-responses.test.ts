import type { FastifyRequest } from 'fastify';
import t from 'tap';
import { newRequestId, requestIds } from '../../../server/plugins/graph-responses.js';
import { GUID } from '../../support/graph.js';

const request = (headers: FastifyRequest['headers']) =>
  ({ id: 'the-request-id', headers }) as unknown as FastifyRequest;

t.test('request ids are fresh GUIDs', async (t) => {
  const first = newRequestId();
  t.match(first, GUID);
  t.not(newRequestId(), first);
});

t.test('client-request-id is the caller’s, else the request-id', async (t) => {
  t.same(requestIds(request({ 'client-request-id': 'mine' })), {
    requestId: 'the-request-id',
    clientRequestId: 'mine',
  });
  t.same(requestIds(request({})), {
    requestId: 'the-request-id',
    clientRequestId: 'the-request-id',
  });
  t.same(requestIds(request({ 'client-request-id': '' })).clientRequestId, 'the-request-id');
});

t.test('a client-request-id sent twice echoes the first', async (t) => {
  t.equal(
    requestIds(request({ 'client-request-id': ['first', 'second'] })).clientRequestId,
    'first',
  );
});
