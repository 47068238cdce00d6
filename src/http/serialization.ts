// Response serializers, compiled once per process. Fastify compiles one fast-json-stringify
// function per route and status when an app gets ready, which is most of an app's start-up; every
// app in a process (startRoster starts one per test suite) has the same schemas, so a serializer
// compiled for one serves them all. The key is the schema's text: equal schemas, one function.
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
    const key = `${sharedKey}\u0000${JSON.stringify(schema)}`;
    let serialize = compiled.get(key);
    if (!serialize) {
      serialize = fastJsonStringify(schema as fastJsonStringify.Schema, { schema: external }) as (
        data: unknown,
      ) => string;
      compiled.set(key, serialize);
    }
    return serialize;
  };
}
