import { z } from 'zod';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { sql } from 'kysely';
import type { RouteFactory } from './index.js';

export const healthRoutes: RouteFactory = (deps) => async (app) => {
  app.withTypeProvider<ZodTypeProvider>().get(
    '/health',
    { config: { auth: 'public' }, schema: { response: { 200: z.object({ status: z.literal('ok'), database: z.enum(['sqlite', 'postgres']), version: z.string() }) } } },
    async () => {
      await sql`select 1`.execute(deps.store.db);
      return { status: 'ok' as const, database: deps.store.dialect, version: '0.1.0' };
    },
  );
};
