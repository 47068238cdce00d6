// Routes that take no body, called the way clients really call them.
import type { FastifyInstance } from 'fastify';
import { checkedJsonParser } from './json-body.js';

/**
 * Lets the routes of `scope` be called without a body. Some routes are documented as a bare
 * POST (rotating a secret, ending a conversation), and clients often send Content-Type:
 * application/json with no body on them (and on DELETE), which the app-wide parser refuses as an
 * empty JSON body. Here an empty body counts as none, and none as {}.
 */
export function acceptMissingBody(scope: FastifyInstance): void {
  const parse = checkedJsonParser(scope, true);
  scope.removeContentTypeParser('application/json');
  scope.addContentTypeParser('application/json', { parseAs: 'string' }, (request, body, done) =>
    parse(request, body as string, done),
  );
  scope.addHook('preValidation', async (request) => {
    if (request.body === undefined) request.body = {};
  });
}
