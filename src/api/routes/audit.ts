// GET /api/audit: the audit log of mutating requests, newest first. Admin only.
import { z } from 'zod';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { AuditRepo } from '../../auth/audit.repo.js';
import type { RouteFactory } from './index.js';

const entrySchema = z.object({
  id: z.number(),
  at: z.string(),
  actor: z.string().nullable(),
  actorType: z.string(),
  method: z.string(),
  route: z.string(),
  path: z.string(),
  status: z.number(),
  ip: z.string().nullable(),
  detail: z.record(z.string(), z.unknown()),
});

export const auditRoutes: RouteFactory = (deps) => async (plain) => {
  const repo = new AuditRepo(deps.store.db);
  plain.withTypeProvider<ZodTypeProvider>().get(
    '/audit',
    {
      config: { auth: 'admin' },
      schema: {
        querystring: z.object({
          limit: z.coerce.number().int().min(1).max(1000).default(100),
          offset: z.coerce.number().int().min(0).default(0),
          actor: z.string().max(64).optional(),
          since: z.string().max(40).optional(),
        }),
        response: { 200: z.object({ total: z.number(), items: z.array(entrySchema) }) },
      },
    },
    async (req) => {
      const { total, items } = await repo.list(req.query);
      return {
        total,
        items: items.map((r) => ({
          id: Number(r.id),
          at: r.at,
          actor: r.actor,
          actorType: r.actor_type,
          method: r.method,
          route: r.route,
          path: r.path,
          status: Number(r.status),
          ip: r.ip,
          detail: safeJson(r.detail),
        })),
      };
    },
  );
};

function safeJson(s: string): Record<string, unknown> {
  try {
    const v = JSON.parse(s) as unknown;
    return v && typeof v === 'object' && !Array.isArray(v) ? (v as Record<string, unknown>) : {};
  } catch {
    return {};
  }
}
