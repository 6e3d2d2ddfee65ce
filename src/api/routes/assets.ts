// /api/assets: the inventory over REST — list with server-side filter/sort/paging, detail, manual add/edit,
// remove, history, observations, facets, imports (CSV/Shift_JIS, nmap XML, JSON) and exports.
// Site-scoped users see and change only assets of their sites.
import { z } from 'zod';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import type { FastifyRequest } from 'fastify';
import { assetInputSchema, assetSchema, historyEntrySchema, observationSchema, siteSchema, zoneSchema, type Asset } from '../../core/asset.js';
import { MamoriError } from '../../core/errors.js';
import { listSites, listZones, upsertSite, upsertZone } from '../../db/repos/zones.repo.js';
import { exportCsv, importBuffer } from '../../services/import.service.js';
import { InventoryService } from '../../services/inventory.service.js';
import {
  assetDetailSchema, assetListQuerySchema, assetPageSchema, facetsSchema, historyQuerySchema, importQuerySchema, importReportSchema, refParamsSchema,
} from '../../contracts/assets.js';
import type { RouteFactory } from './index.js';

const sitesOf = (req: FastifyRequest): readonly string[] | undefined => req.auth?.sites ?? undefined;

export const assetRoutes: RouteFactory = (deps) => async (base) => {
  const app = base.withTypeProvider<ZodTypeProvider>();
  const inv = new InventoryService(deps.store, deps.now ? { now: deps.now } : undefined);

  /** The asset behind a reference, hidden (404) from users scoped to other sites. */
  const visible = async (req: FastifyRequest, ref: string): Promise<Asset> => {
    const a = await inv.require(ref);
    const sites = sitesOf(req);
    if (sites && !(a.site && sites.includes(a.site))) throw new MamoriError('E_NOT_FOUND', `no asset matches ${JSON.stringify(ref)}`);
    return a;
  };
  const checkSite = (req: FastifyRequest, site: string | null | undefined) => {
    const sites = sitesOf(req);
    if (sites && !(site && sites.includes(site))) throw new MamoriError('E_FORBIDDEN', `you may only manage assets of site(s) ${sites.join(', ') || '(none)'}`);
  };

  app.get('/assets', { schema: { querystring: assetListQuerySchema, response: { 200: assetPageSchema } } }, async (req) => {
    const { q, ...rest } = req.query;
    const filter = { ...rest, ...(q ? { q } : {}), ...(sitesOf(req) ? { sites: sitesOf(req) } : {}) };
    const [total, items] = await Promise.all([inv.count(filter), inv.list(filter)]);
    return { total, items };
  });

  app.get('/assets/facets', { schema: { response: { 200: facetsSchema } } }, async (req) => {
    const f = sitesOf(req) ? { sites: sitesOf(req) } : {};
    const [total, cls, zone, site, kind] = await Promise.all([inv.count(f), inv.facet('class', f), inv.facet('zone', f), inv.facet('site', f), inv.facet('kind', f)]);
    return { total, class: cls, zone, site, kind };
  });

  app.get('/assets/export', { schema: { querystring: z.object({ format: z.enum(['csv', 'json']).default('csv') }) } }, async (req, reply) => {
    const items = await inv.list(sitesOf(req) ? { sites: sitesOf(req) } : {});
    if (req.query.format === 'json') return reply.type('application/json').send(JSON.stringify({ assets: items }));
    return reply.type('text/csv; charset=utf-8').header('content-disposition', 'attachment; filename="mamori-assets.csv"').send(`\uFEFF${exportCsv(items)}`);
  });

  app.get('/assets/:ref', { schema: { params: refParamsSchema, response: { 200: assetDetailSchema } } }, async (req) => {
    const a = await visible(req, req.params.ref);
    return { ...a, history: (await inv.history(a.id)).slice(-50) };
  });

  app.get('/assets/:ref/history', { schema: { params: refParamsSchema, querystring: historyQuerySchema, response: { 200: z.array(historyEntrySchema) } } }, async (req) => {
    const a = await visible(req, req.params.ref);
    return inv.history(a.id, req.query.since);
  });

  app.get('/assets/:ref/observations', { schema: { params: refParamsSchema, response: { 200: z.array(observationSchema) } } }, async (req) => {
    const a = await visible(req, req.params.ref);
    return inv.observations(a.id);
  });

  app.post('/assets', { schema: { body: assetInputSchema, response: { 201: assetSchema } } }, async (req, reply) => {
    checkSite(req, req.body.site);
    const r = await inv.ingest([req.body], { source: `manual:${req.auth?.username ?? 'api'}`, manual: true });
    return reply.status(201).send(await inv.require(r.assetIds[0]!));
  });

  app.patch('/assets/:ref', { schema: { params: refParamsSchema, body: assetInputSchema, response: { 200: assetSchema } } }, async (req) => {
    const a = await visible(req, req.params.ref);
    if (req.body.site !== undefined) checkSite(req, req.body.site);
    return inv.edit(a.id, req.body, `manual:${req.auth?.username ?? 'api'}`);
  });

  app.delete('/assets/:ref', { schema: { params: refParamsSchema, response: { 200: z.object({ removed: z.string() }) } } }, async (req) => {
    const a = await visible(req, req.params.ref);
    await inv.remove(a.id, `manual:${req.auth?.username ?? 'api'}`);
    return { removed: a.id };
  });

  // Uploads arrive as the raw file (CSV in any encoding, XML, JSON); the name travels in ?filename=.
  app.register(async (scoped) => {
    const typed = scoped.withTypeProvider<ZodTypeProvider>();
    for (const type of ['text/csv', 'text/plain', 'application/xml', 'text/xml', 'application/octet-stream']) {
      scoped.addContentTypeParser(type, { parseAs: 'buffer' }, (_req, body, done) => done(null, body));
    }
    scoped.addContentTypeParser('application/json', { parseAs: 'buffer' }, (_req, body, done) => done(null, body));
    typed.post('/imports', { schema: { querystring: importQuerySchema, response: { 200: importReportSchema } } }, async (req) => {
      if (sitesOf(req)) throw new MamoriError('E_FORBIDDEN', 'imports need a user who is not limited to sites');
      if (!Buffer.isBuffer(req.body) || req.body.length === 0) throw new MamoriError('E_INPUT_INVALID', 'empty upload: send the file as the request body');
      return importBuffer(inv, req.body, req.query.filename, {
        ...(req.query.format ? { format: req.query.format } : {}), ...(req.query.encoding ? { encoding: req.query.encoding } : {}), skipInvalid: req.query.skipInvalid === 'true',
      });
    });
  });

  app.get('/zones', { schema: { response: { 200: z.array(zoneSchema) } } }, async () => listZones(deps.store.db));
  app.put('/zones/:name', { config: { auth: 'admin' }, schema: { params: z.object({ name: z.string().min(1).max(128) }), body: zoneSchema.omit({ name: true }) } }, async (req) => {
    await upsertZone(deps.store.db, { ...req.body, name: req.params.name });
    return { saved: req.params.name };
  });
  app.get('/sites', { schema: { response: { 200: z.array(siteSchema) } } }, async () => listSites(deps.store.db));
  app.put('/sites/:name', { config: { auth: 'admin' }, schema: { params: z.object({ name: z.string().min(1).max(128) }), body: siteSchema.omit({ name: true }) } }, async (req) => {
    await upsertSite(deps.store.db, { ...req.body, name: req.params.name });
    return { saved: req.params.name };
  });
};
