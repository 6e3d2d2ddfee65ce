// buildApp(deps) → a Fastify instance with every route registered; no listen() here, so tests use inject().
// Request and response schemas come from zod (src/contracts and route files); OpenAPI is served at /api/docs.
import Fastify, { type FastifyInstance } from 'fastify';
import swagger from '@fastify/swagger';
import swaggerUi from '@fastify/swagger-ui';
import { jsonSchemaTransform, serializerCompiler, validatorCompiler, type ZodTypeProvider } from 'fastify-type-provider-zod';
import type { Config } from '../config/config.js';
import type { Store } from '../db/open.js';
import { errorMapper } from './plugins/error-mapper.js';
import { authPlugin } from './plugins/auth.js';
import { webPlugin } from './plugins/web.js';
import { tlsOptions } from './tls.js';
import type { ScryptCost } from '../auth/password.js';
import type { LoginLimiter } from '../auth/login-limiter.js';
import { routes } from './routes/index.js';

export interface AppDeps {
  store: Store;
  config: Config;
  /** Pino logger options or false (tests). */
  logger?: boolean | object;
  /** Injected clock for deterministic tests. */
  now?: () => Date;
  /** Tests: cheaper scrypt, an injected login limiter. */
  auth?: { scryptCost?: ScryptCost; limiter?: LoginLimiter };
  /** Built dashboard folder (default web/dist), or false for none. */
  webRoot?: string | false;
}

export type App = FastifyInstance;
export type ZodApp = ReturnType<FastifyInstance['withTypeProvider']> & FastifyInstance;

export async function buildApp(deps: AppDeps): Promise<FastifyInstance> {
  const https = tlsOptions(deps.config);
  const app = Fastify({ logger: deps.logger ?? false, bodyLimit: 64 * 1024 * 1024, ...(https ? { https } : {}) }) as unknown as FastifyInstance;
  app.setValidatorCompiler(validatorCompiler);
  app.setSerializerCompiler(serializerCompiler);
  await app.register(webPlugin, { webRoot: deps.webRoot, tls: https !== null });
  await app.register(authPlugin, { store: deps.store, secureCookies: https !== null, service: { scryptCost: deps.auth?.scryptCost }, limiter: deps.auth?.limiter, now: deps.now });
  await app.register(swagger, {
    openapi: { info: { title: 'mamori API', version: '1' } },
    transform: jsonSchemaTransform,
  });
  await app.register(swaggerUi, { routePrefix: '/api/docs' });
  await app.register(errorMapper);
  for (const route of routes) await app.register(route(deps), { prefix: '/api' });
  return app;
}

export type TypedApp = FastifyInstance & { withTypeProvider<T>(): FastifyInstance };
export type { ZodTypeProvider };
