// /api/findings: the findings lifecycle over REST (list, detail with audit trail, assign, accept, reopen),
// /api/campaigns (list; verdicts per asset from stored check results — running checks stays a CLI/scan
// action) and /api/miners/expectations. Site-scoped users see only findings of assets in their sites.
import { z } from 'zod';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import type { FastifyRequest } from 'fastify';
import { MamoriError } from '../../core/errors.js';
import { severitySchema } from '../../core/vocabulary.js';
import { listAssets } from '../../db/repos/assets.repo.js';
import { FindingsRepo } from '../../db/repos/findings.repo.js';
import { findingEventSchema, findingSchema, findingStatusSchema, type Finding } from '../../findings/finding.js';
import { kevForStore } from '../../findings/kev-default.js';
import { FindingsService } from '../../services/findings.service.js';
import { InventoryService } from '../../services/inventory.service.js';
import { loadCampaigns } from '../../campaigns/campaign-loader.js';
import { runCampaign } from '../../campaigns/campaigns.service.js';
import type { RouteFactory } from './index.js';

const split = (s: string) => s.split(',').map((x) => x.trim()).filter(Boolean);
const listQuery = z.object({
  status: z.string().transform(split).pipe(z.array(findingStatusSchema)).optional(),
  severity: z.string().transform(split).pipe(z.array(severitySchema)).optional(),
  check: z.string().optional(),
  asset: z.string().optional(),
  team: z.enum(['IT', 'OT']).optional(),
  all: z.enum(['true', 'false']).optional(),
});
const idParams = z.object({ id: z.string().min(1).max(64) });
const dateText = z.string().regex(/^\d{4}-\d{2}-\d{2}/, 'a date YYYY-MM-DD');

export const findingRoutes: RouteFactory = (deps) => async (base) => {
  const app = base.withTypeProvider<ZodTypeProvider>();
  const service = async () => new FindingsService(deps.store, { ...(deps.now ? { now: deps.now } : {}), kev: await kevForStore(deps.store, deps.config.home) });
  const actor = (req: FastifyRequest) => req.auth?.username ?? 'api';

  /** Asset ids a site-scoped user may see; null = everything. */
  const visibleAssets = async (req: FastifyRequest): Promise<Set<string> | null> => {
    const sites = req.auth?.sites;
    if (!sites) return null;
    return new Set((await listAssets(deps.store.db, { sites })).map((a) => a.id));
  };
  const mustSee = async (req: FastifyRequest, f: Finding) => {
    const ok = await visibleAssets(req);
    if (ok && !ok.has(f.asset.id)) throw new MamoriError('E_NOT_FOUND', `no finding ${JSON.stringify(f.id)}`);
  };

  app.get('/findings', { schema: { querystring: listQuery, response: { 200: z.array(findingSchema) } } }, async (req) => {
    const q = req.query;
    let assetId: string | undefined;
    if (q.asset) {
      const a = await new InventoryService(deps.store).get(q.asset);
      if (!a) throw new MamoriError('E_NOT_FOUND', `no asset ${JSON.stringify(q.asset)}`);
      assetId = a.id;
    }
    const status = q.status ?? (q.all === 'true' ? undefined : (['open', 'reopened', 'accepted'] as const).slice());
    const rows = await (await service()).list({
      ...(status ? { status: [...status] } : {}),
      ...(q.severity ? { severity: q.severity } : {}),
      ...(q.check ? { checkId: q.check } : {}),
      ...(assetId ? { assetId } : {}),
      ...(q.team ? { team: q.team } : {}),
    });
    const ok = await visibleAssets(req);
    return ok ? rows.filter((f) => ok.has(f.asset.id)) : rows;
  });

  app.get('/findings/:id', { schema: { params: idParams, response: { 200: findingSchema.extend({ events: z.array(findingEventSchema) }) } } }, async (req) => {
    const { finding, events } = await (await service()).get(req.params.id);
    await mustSee(req, finding);
    return { ...finding, events };
  });

  app.post(
    '/findings/:id/assign',
    { schema: { params: idParams, body: z.strictObject({ team: z.enum(['IT', 'OT']), assignee: z.string().max(200).nullish(), due: dateText.nullish() }), response: { 200: findingSchema } } },
    async (req) => {
      const svc = await service();
      await mustSee(req, (await svc.get(req.params.id)).finding);
      return svc.assign(req.params.id, { team: req.body.team, assignee: req.body.assignee ?? null, due: req.body.due ?? null, actor: actor(req) });
    },
  );

  app.post(
    '/findings/:id/accept',
    {
      schema: {
        params: idParams,
        body: z.strictObject({ control: z.string().min(1).max(2000), approver: z.string().min(1).max(200), expires: dateText, reason: z.string().max(2000).nullish() }),
        response: { 200: findingSchema },
      },
    },
    async (req) => {
      const svc = await service();
      await mustSee(req, (await svc.get(req.params.id)).finding);
      return svc.accept(req.params.id, { control: req.body.control, approver: req.body.approver, expiresAt: req.body.expires, reason: req.body.reason ?? null, actor: actor(req) });
    },
  );

  app.post('/findings/:id/reopen', { schema: { params: idParams, body: z.strictObject({ reason: z.string().max(2000).nullish() }).optional(), response: { 200: findingSchema } } }, async (req) => {
    const svc = await service();
    await mustSee(req, (await svc.get(req.params.id)).finding);
    return svc.reopen(req.params.id, { reason: req.body?.reason ?? null, actor: actor(req) });
  });

  const campaignsDir = `${deps.config.home}/campaigns`;
  app.get('/campaigns', async () =>
    loadCampaigns(campaignsDir).map(({ campaign, origin }) => ({ id: campaign.id, title: campaign.title, description: campaign.description, cves: campaign.cves, ports: campaign.ports, checks: campaign.checks, origin })),
  );

  // Verdicts from the latest stored check results: nothing is sent to any device from the API.
  app.get('/campaigns/:name', { schema: { params: z.object({ name: z.string().min(1).max(100) }) } }, async (req) => {
    const sites = req.auth?.sites;
    const assets = await listAssets(deps.store.db, sites ? { sites } : {});
    return runCampaign(deps.store, req.params.name, { userDir: campaignsDir, noChecks: true, assets, profile: 'ot-safe', credentials: false });
  });

  const expectation = z.object({ id: z.number(), assetId: z.string().nullable(), wallet: z.string().nullable(), pool: z.string().nullable(), note: z.string().nullable(), createdAt: z.string() });
  app.get('/miners/expectations', { schema: { response: { 200: z.array(expectation) } } }, async () => new FindingsRepo(deps.store.db).expectations());
  app.post(
    '/miners/expectations',
    {
      schema: {
        body: z
          .strictObject({ asset: z.string().nullish(), wallet: z.string().regex(/^[A-Za-z0-9._:-]{8,128}$/).nullish(), pool: z.string().regex(/^([a-z0-9+]+:\/\/)?[^\s/:]+:\d{1,5}$/i).nullish(), note: z.string().max(500).nullish() })
          .refine((b) => b.wallet || b.pool, 'give a wallet and/or a pool'),
        response: { 201: z.array(expectation) },
      },
    },
    async (req, reply) => {
      let assetId: string | null = null;
      if (req.body.asset) {
        const a = await new InventoryService(deps.store).get(req.body.asset);
        if (!a) throw new MamoriError('E_NOT_FOUND', `no asset ${JSON.stringify(req.body.asset)}`);
        assetId = a.id;
      }
      const repo = new FindingsRepo(deps.store.db);
      await repo.addExpectation({ assetId, wallet: req.body.wallet ?? null, pool: req.body.pool ?? null, note: req.body.note ?? null, at: (deps.now?.() ?? new Date()).toISOString() });
      return reply.code(201).send(await repo.expectations());
    },
  );
};
