// Route schemas compiled on a route's first use instead of at start. Fastify compiles every
// route's validators and response serializers while the app starts; with every module's routes
// that was most of the CPU `roster serve` spent before it could listen. Each compiler here
// returns a function that compiles on its first call and then runs the compiled code, so a
// route pays once, on its first request, and a route never called pays nothing.
import { SerializerSelector } from '@fastify/fast-json-stringify-compiler';
import type { FastifySchemaCompiler, FastifyServerOptions } from 'fastify';

type Validator = ((data: unknown) => boolean) & { errors?: unknown };

/** A validator compiler that compiles each schema on the validator's first call. */
export function lazyValidatorCompiler(compile: FastifySchemaCompiler<unknown>): FastifySchemaCompiler<unknown> {
  return (route) => {
    let compiled: Validator | null = null;
    const validate: Validator = (data) => {
      compiled ??= compile(route) as Validator;
      const ok = compiled(data);
      validate.errors = compiled.errors;
      return ok;
    };
    return validate as ReturnType<FastifySchemaCompiler<unknown>>;
  };
}

type SerializerFactory = ReturnType<typeof SerializerSelector>;

/** Fastify's own response-serializer factory, each serializer compiled on its first call. */
export const lazySerializers: NonNullable<FastifyServerOptions['schemaController']> = {
  compilersFactory: {
    buildSerializer(externalSchemas: unknown, options: unknown) {
      const build = SerializerSelector()(externalSchemas, options as Parameters<SerializerFactory>[1]);
      return (route: Parameters<ReturnType<SerializerFactory>>[0]) => {
        let serialize: ((doc: unknown) => string) | null = null;
        return (doc: unknown) => (serialize ??= build(route))(doc);
      };
    },
  },
};
