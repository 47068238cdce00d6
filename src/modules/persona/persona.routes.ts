// HTTP routes of the Persona and Custom Instructions APIs. Handlers read validated input, call
// one service method and return the presented resource.
import type { FastifyPluginAsyncTypebox, TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import { MAX_PAGE_SIZE } from '../../http/common.schemas.js';
import { acceptMissingBody } from '../../http/optional-body.js';
import { cursorOf, nextPageUrl } from '../../http/pagination.js';
import type { InstructionsService } from './instructions.service.js';
import { presentInstruction } from './persona.presenter.js';
import { routeSchemas } from './persona.schemas.js';
import type { PersonaService } from './persona.service.js';

export function personaRoutes(persona: PersonaService, instructions: InstructionsService): FastifyPluginAsyncTypebox {
  return async (app) => {
    app.get('/persona/', { schema: routeSchemas.getPersona }, async (request) => persona.get(request.agentId));

    app.patch('/persona/', { schema: routeSchemas.patchPersona }, async (request) =>
      persona.update(request.agentId, request.body),
    );

    app.get('/custom-instructions/', { schema: routeSchemas.list }, async (request) => {
      const { cursor, limit } = request.query;
      const page = await instructions.list(request.agentId, cursorOf(cursor), limit ?? MAX_PAGE_SIZE);
      return {
        data: page.items.map(presentInstruction),
        meta: { next_page_url: nextPageUrl(request, page.nextCursor) },
      };
    });

    app.post('/custom-instructions/', { schema: routeSchemas.create }, async (request, reply) => {
      const created = await instructions.create(request.agentId, request.body);
      return reply.code(201).send(presentInstruction(created));
    });

    app.get('/custom-instructions/:custom_instruction_id', { schema: routeSchemas.get }, async (request) =>
      presentInstruction(await instructions.get(request.agentId, request.params.custom_instruction_id)),
    );

    app.patch('/custom-instructions/:custom_instruction_id', { schema: routeSchemas.patch }, async (request) =>
      presentInstruction(
        await instructions.update(request.agentId, request.params.custom_instruction_id, request.body),
      ),
    );

    await app.register(async (scope) => {
      acceptMissingBody(scope);
      scope
        .withTypeProvider<TypeBoxTypeProvider>()
        .delete(
          '/custom-instructions/:custom_instruction_id',
          { schema: routeSchemas.delete },
          async (request, reply) => {
            await instructions.delete(request.agentId, request.params.custom_instruction_id);
            return reply.code(204).send(null);
          },
        );
    });
  };
}
