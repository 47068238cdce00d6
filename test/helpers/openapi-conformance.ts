// Every 2xx JSON answer the integration suites receive is checked against Roster's own published
// OpenAPI document (GET /api/openapi.json), so the document is as strict as the server: an answer
// the document does not describe (a missing enum value, a time without its format, a field it does
// not list) fails the test that received it.
import { Ajv2020 } from 'ajv/dist/2020.js';
import addFormats from 'ajv-formats';
import type { ValidateFunction } from 'ajv';
import type { FastifyInstance } from 'fastify';

interface Route {
  method: string;
  pattern: RegExp;
  pointer: string;
}

type Operation = { responses?: Record<string, { content?: Record<string, { schema?: unknown }> }> };

const escape = (s: string) => s.replace(/~/g, '~0').replace(/\//g, '~1');

export interface ConformanceChecker {
  check(method: string, url: string, status: number, body: unknown): void;
}

export async function conformanceChecker(app: FastifyInstance): Promise<ConformanceChecker> {
  // The document GET /api/openapi.json serves, read without a request (suites count their requests).
  const document = JSON.parse(JSON.stringify(app.swagger())) as { paths: Record<string, Record<string, Operation>> };
  const ajv = new Ajv2020({ strict: false, allErrors: true, validateFormats: true });
  addFormats.default(ajv);
  ajv.addSchema(document, 'roster-openapi');
  const routes: Route[] = [];
  for (const [path, operations] of Object.entries(document.paths)) {
    const source = path
      .replace(/\/$/, '')
      .split(/\{[^}]+\}/)
      .map((part) => part.replace(/[.*+?^$()|[\]\\]/g, '\\$&'))
      .join('[^/]+');
    for (const [method, operation] of Object.entries(operations)) {
      for (const status of Object.keys(operation.responses ?? {})) {
        if (!status.startsWith('2') || !operation.responses?.[status]?.content?.['application/json']?.schema) continue;
        routes.push({
          method: `${method.toUpperCase()} ${status}`,
          pattern: new RegExp(`^${source}/?$`),
          pointer: `#/paths/${encodeURIComponent(escape(path))}/${method}/responses/${status}/content/application~1json/schema`,
        });
      }
    }
  }
  const compiled = new Map<string, ValidateFunction>();
  return {
    check(method, url, status, body) {
      if (status < 200 || status >= 300 || body === undefined || typeof body === 'string') return;
      const raw = url.split('?')[0] ?? url;
      // The router decodes percent-encoded paths (/api/v2/%65nd-users/ is /api/v2/end-users/),
      // but an encoded slash stays inside its segment.
      let path = raw;
      try {
        path = decodeURIComponent(raw.replace(/%2F/gi, '%252F'));
      } catch {
        // Not decodable: the router answered it as it was.
      }
      if (!path.startsWith('/api/v2')) return;
      const route = routes.find((r) => r.method === `${method.toUpperCase()} ${status}` && r.pattern.test(path));
      if (!route) throw new Error(`${method} ${path} answered ${status}, which the OpenAPI document does not describe`);
      let validate = compiled.get(route.pointer);
      if (!validate) {
        validate = ajv.compile({ $ref: `roster-openapi${route.pointer}` });
        compiled.set(route.pointer, validate);
      }
      if (!validate(body)) {
        throw new Error(
          `${method} ${path} answered ${status} with a body the OpenAPI document does not describe: ${ajv.errorsText(validate.errors)}\n${JSON.stringify(body).slice(0, 2000)}`,
        );
      }
    },
  };
}
