// Response serializers, compiled once per process and only when first used. Fastify compiles one
// fast-json-stringify function per route and status when an app gets ready, which was most of an
// app's start-up. Here each route gets a function that compiles on its first call (a route never
// called costs nothing), and every app in a process (startRoster starts one per test suite) shares
// what was compiled: the key is the schema's text, so equal schemas share one function.
import fastJsonStringify from 'fast-json-stringify';
import type { FastifySerializerCompiler } from 'fastify/types/schema.js';
import type { TSchema } from 'typebox';

const compiled = new Map<string, (data: unknown) => string>();

export function sharedSerializerCompiler(shared: readonly TSchema[]): FastifySerializerCompiler<unknown> {
  const external: Record<string, fastJsonStringify.Schema> = {};
  for (const schema of shared) {
    const id: unknown = (schema as { $id?: unknown }).$id;
    if (typeof id === 'string') external[id] = schema as fastJsonStringify.Schema;
  }
  const sharedKey = JSON.stringify(external);
  return ({ schema }) => {
    let serialize: ((data: unknown) => string) | undefined;
    return (data: unknown) => {
      if (!serialize) {
        const key = `${sharedKey}\u0000${JSON.stringify(schema)}`;
        serialize = compiled.get(key);
        if (!serialize) {
          serialize = fastJsonStringify(schema as fastJsonStringify.Schema, { schema: external }) as (
            data: unknown,
          ) => string;
          compiled.set(key, serialize);
        }
      }
      return serialize(data);
    };
  };
}
