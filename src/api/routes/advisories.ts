// /api/advisories, /api/affected/:id, /api/vulns: advisory intelligence over REST — the same questions as
// `mamori feeds|affected|vulns`, the same objects as their --json output (docs/advisories.md). Site-scoped
// users see matches of their sites' assets only. Uploads go through the same validation and single
// transaction as `feeds import`.
import { z } from 'zod';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import type { FastifyRequest } from 'fastify';
import { MamoriError } from '../../core/errors.js';
import { advisoryVerdictSchema } from '../../core/vocabulary.js';
import { AdvisoriesService, type MatchView } from '../../services/advisories.service.js';
import { DECISIONS } from '../../core/vocabulary.js';
import { InventoryService } from '../../services/inventory.service.js';
import { matchJson } from '../../cli/commands/affected.js';
import type { RouteFactory } from './index.js';

const decisionSchema = z.object({ decision: z.string(), reason: z.string(), by: z.string(), at: z.string(), applies: z.boolean() });
export const advisoryMatchSchema = z.object({
  asset: z.object({ id: z.string(), name: z.string().nullable(), hostnames: z.array(z.string()), ips: z.array(z.string()), class: z.string().nullable(), zone: z.string().nullable(), owner: z.string().nullable() }),
  advisory: z.object({ id: z.string(), format: z.string(), title: z.string() }),
  cve: z.string().nullable(),
  verdict: advisoryVerdictSchema,
  confidence: z.string(),
  reasons: z.array(z.string()),
  evidence: z.array(z.unknown()),
  priority: z.number(),
  priorityReasons: z.array(z.string()),
  kev: z.object({ addedAt: z.string().nullable(), knownRansomware: z.boolean().nullable() }).nullable(),
  team: z.string(),
  decision: decisionSchema.nullable(),
  firstSeen: z.string(),
  changedAt: z.string(),
});

const importBody = z.object({
  documents: z
    .array(z.object({ name: z.string().min(1).max(300), content: z.string().min(1) }))
    .min(1)
    .max(500),
});
const summarySchema = z.object({
  files: z.number(),
  formats: z.record(z.string(), z.number()),
  advisories: z.object({ new: z.number(), updated: z.number(), unchanged: z.number() }),
  kevEntries: z.number(),
  matchesChanged: z.number(),
  warnings: z.array(z.object({ file: z.string().optional(), pointer: z.string().optional(), message: z.string() })),
});
const bool = z.enum(['true', 'false']).optional();

export const advisoryRoutes: RouteFactory = (deps) => async (base) => {
  const app = base.withTypeProvider<ZodTypeProvider>();
  const service = () => new AdvisoriesService(deps.store, deps.now ? { now: deps.now } : undefined);
  const scoped = (req: FastifyRequest, list: MatchView[]) => {
    const sites = req.auth?.sites;
    return sites ? list.filter((m) => m.asset.site !== null && sites.includes(m.asset.site)) : list;
  };

  app.get('/advisories', {
    schema: {
      response: {
        200: z.object({
          formats: z.array(z.object({ format: z.string(), advisories: z.number(), last_fetched: z.string().nullable() })),
          kev: z.object({ entries: z.number(), catalog_version: z.string().nullable() }),
          imports: z.array(z.object({ at: z.string(), origin: z.string(), formats: z.string(), advisories_new: z.number(), advisories_updated: z.number(), advisories_unchanged: z.number(), kev_entries: z.number(), matches_changed: z.number() })),
        }),
      },
    },
  }, async () => {
    const f = await service().feeds();
    return { ...f, imports: f.imports.map((i) => ({ ...i, advisories_new: Number(i.advisories_new), advisories_updated: Number(i.advisories_updated), advisories_unchanged: Number(i.advisories_unchanged), kev_entries: Number(i.kev_entries), matches_changed: Number(i.matches_changed) })) };
  });

  app.post('/advisories/import', { config: { auth: 'admin' }, schema: { body: importBody, response: { 200: summarySchema } } }, async (req) => {
    const files = req.body.documents.map((d) => ({ name: d.name, bytes: Buffer.from(d.content, 'utf8'), size: Buffer.byteLength(d.content) }));
    return service().importFiles(files, `api upload by ${req.auth?.username ?? 'api'}`);
  });

  app.get('/affected/:id', { schema: { params: z.object({ id: z.string().min(3).max(100) }), response: { 200: z.array(advisoryMatchSchema) } } }, async (req) => {
    const r = await service().affected(req.params.id);
    return scoped(req, r.matches).map(matchJson);
  });

  app.get('/vulns', {
    schema: { querystring: z.object({ asset: z.string().optional(), zone: z.string().optional(), kev: bool, new: bool, all: bool }), response: { 200: z.array(advisoryMatchSchema) } },
  }, async (req) => {
    const q = req.query;
    const inv = new InventoryService(deps.store);
    const r = await service().vulns({
      ...(q.asset ? { asset: q.asset } : {}), ...(q.zone ? { zone: q.zone } : {}), kev: q.kev === 'true', newOnly: q.new === 'true', all: q.all === 'true',
      resolveAsset: async (ref) => (await inv.get(ref))?.id ?? null,
    });
    return scoped(req, r.matches).map(matchJson);
  });

  app.post('/vulns/decisions', {
    schema: { body: z.object({ asset: z.string().min(1), vuln: z.string().min(1), decision: z.enum(DECISIONS), reason: z.string().min(1).max(2000) }), response: { 200: z.object({ ok: z.literal(true) }) } },
  }, async (req) => {
    const a = await new InventoryService(deps.store).get(req.body.asset);
    const sites = req.auth?.sites;
    if (!a || (sites && !(a.site && sites.includes(a.site)))) throw new MamoriError('E_NOT_FOUND', `no asset ${JSON.stringify(req.body.asset)}`);
    await service().decide(a.id, req.body.vuln, req.body.decision, req.body.reason, req.auth?.username ?? 'api');
    return { ok: true as const };
  });
};
