import { createRequire } from 'node:module';
import type { FastifyServerOptions } from 'fastify';

type CompilersFactory = NonNullable<
  NonNullable<FastifyServerOptions['schemaController']>['compilersFactory']
>;
type SerializerFactory = NonNullable<CompilersFactory['buildSerializer']>;
type Serializer = ReturnType<ReturnType<SerializerFactory>>;

let fastifysOwn: SerializerFactory | undefined;

/** The factory fastify uses by default (fast-json-stringify), resolved as fastify resolves it. */
function fastifysOwnFactory(): SerializerFactory {
  if (fastifysOwn !== undefined) return fastifysOwn;
  const fromFastify = createRequire(import.meta.resolve('fastify'));
  const compiler = fromFastify('@fastify/fast-json-stringify-compiler') as {
    SerializerSelector(): SerializerFactory;
  };
  fastifysOwn = compiler.SerializerSelector();
  return fastifysOwn;
}

/**
 * fastify's own serializers, each compiled when its route first sends a response of that
 * status instead of at ready. fastify compiles every response schema at ready, for GET and
 * HEAD alike, and a process uses few of them: pages go out as bytes the renderer wrote, so
 * only errors and the control routes serialize. Compiling them all, and loading
 * fast-json-stringify to do it, cost ~70 ms of every start.
 */
export function lazySerializers(): SerializerFactory {
  return (externalSchemas, options) => {
    let compile: ReturnType<SerializerFactory> | undefined;
    return (route) => {
      let serialize: Serializer | undefined;
      return (data) => {
        compile ??= fastifysOwnFactory()(externalSchemas, options);
        serialize ??= compile(route);
        return serialize(data);
      };
    };
  };
}
