import { createRequire } from 'node:module';
import type { FastifyServerOptions } from 'fastify';

type CompilersFactory = NonNullable<
  NonNullable<FastifyServerOptions['schemaController']>['compilersFactory']
>;
type SerializerFactory = NonNullable<CompilersFactory['buildSerializer']>;
type ValidatorFactory = NonNullable<CompilersFactory['buildValidator']>;
type Serializer = ReturnType<ReturnType<SerializerFactory>>;

const fromFastify = () => createRequire(import.meta.resolve('fastify'));

let fastifysOwn: SerializerFactory | undefined;

/** The factory fastify uses by default (fast-json-stringify), resolved as fastify resolves it. */
function fastifysOwnFactory(): SerializerFactory {
  if (fastifysOwn !== undefined) return fastifysOwn;
  const compiler = fromFastify()('@fastify/fast-json-stringify-compiler') as {
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

/**
 * fastify's own validator factory (@fastify/ajv-compiler), loaded when a route first needs a
 * validator. fastify loads it, and ajv with it, when the app is made; no route of ours validates
 * a request by schema, so that was ~30 ms of every start for nothing. fastify counts this as a
 * custom compiler, and leaves a custom compiler's `headers` schemas as written: should a route
 * validate headers one day, write their names in lower case.
 */
export function validatorsOnDemand(): ValidatorFactory {
  return (externalSchemas, options) => {
    const compiler = fromFastify()('@fastify/ajv-compiler') as () => ValidatorFactory;
    return compiler()(externalSchemas, options);
  };
}
