// Request validators compiled on a route's first use instead of at start. Fastify compiles every
// route's validators (and response serializers, see serialization.ts) while the app starts; with
// every module's routes that was most of the CPU `roster serve` spent before it could listen. The
// compiler here returns a function that compiles on its first call and then runs the compiled
// code, so a route pays once, on its first request, and a route never called pays nothing.
import type { FastifySchemaCompiler } from 'fastify';

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
