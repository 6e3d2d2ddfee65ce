// /api/scope (the authorized ranges: list for viewers, changes for admins) and /api/scans (start a scan
// within the scope, follow its status and progress, read its per-host results, cancel it). A scan runs
// in the server process; starting one needs the analyst role, scanning OT ranges with a profile other
// than ot-safe (allowOt) needs admin. Credential attempts (S3) are not offered over the API.
import { z } from 'zod';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { MamoriError } from '../../core/errors.js';
import { PROFILE_NAMES } from '../../engine/profiles.js';
import { SCOPE_KINDS } from '../../net/scope.js';
import { ScanService } from '../../services/scan.service.js';
import type { RouteFactory } from './index.js';

const scopeEntry = z.object({ id: z.number(), kind: z.enum(SCOPE_KINDS), spec: z.string(), ot: z.boolean(), note: z.string().nullable().optional(), createdAt: z.string() });
const scanBody = z.object({
  targets: z.array(z.string().min(1).max(256)).min(1).max(1000),
  exclude: z.array(z.string().min(1).max(256)).max(1000).optional(),
  ports: z.string().max(4096).optional(),
  excludePorts: z.string().max(4096).optional(),
  profile: z.enum(PROFILE_NAMES).optional(),
  allowOt: z.boolean().optional(),
  rate: z.number().int().min(0).max(1_000_000).optional(),
  timeoutMs: z.number().int().min(10).max(60_000).optional(),
  ping: z.boolean().optional(),
  identify: z.boolean().optional(),
}).strict();
const idParams = z.object({ id: z.string().min(1).max(64) });
const run = z.object({
  id: z.string(), status: z.enum(['running', 'completed', 'cancelled', 'failed']), targets: z.array(z.string()),
  startedAt: z.string(), finishedAt: z.string().nullable(), progress: z.unknown(), summary: z.unknown(), changes: z.array(z.unknown()), error: z.string().nullable(),
});

export const scanRoutes: RouteFactory = (deps) => async (base) => {
  const app = base.withTypeProvider<ZodTypeProvider>();
  const svc = new ScanService(deps.store, deps.now ? { now: deps.now } : {});
  const mustRun = async (id: string) => {
    const r = await svc.getRun(id);
    if (!r) throw new MamoriError('E_NOT_FOUND', `no scan ${JSON.stringify(id)}`);
    return r;
  };
  const publicRun = ({ options: _o, ...r }: Awaited<ReturnType<typeof mustRun>>) => r;

  app.get('/scope', { config: { auth: 'viewer' }, schema: { response: { 200: z.array(scopeEntry) } } }, () => svc.listScope());
  app.post('/scope', {
    config: { auth: 'admin' },
    schema: { body: z.object({ kind: z.enum(SCOPE_KINDS).default('include'), spec: z.string().min(1).max(256), ot: z.boolean().optional(), note: z.string().max(1000).nullable().optional() }).strict(), response: { 201: scopeEntry } },
  }, async (req, reply) => reply.status(201).send(await svc.addScope(req.body)));
  app.delete('/scope/:id', { config: { auth: 'admin' }, schema: { params: z.object({ id: z.coerce.number().int().min(1) }) } }, async (req) => {
    const removed = await svc.removeScope(String(req.params.id));
    return { removed: removed.length };
  });

  app.post('/scans', { config: { auth: 'analyst' }, schema: { body: scanBody, response: { 202: z.object({ id: z.string(), hosts: z.number(), skipped: z.number() }) } } }, async (req, reply) => {
    if (req.body.allowOt && req.auth?.role !== 'admin') throw new MamoriError('E_FORBIDDEN', 'allowOt (scanning OT ranges without ot-safe) needs the admin role');
    const planned = await svc.plan({ ...req.body, allowFiles: false });
    const { id } = await svc.start(planned);
    return reply.status(202).send({ id, hosts: planned.plan.hosts.length, skipped: planned.skipped.length });
  });
  app.get('/scans', { config: { auth: 'viewer' }, schema: { response: { 200: z.array(run) } } }, async () => (await svc.listRuns()).map(publicRun));
  app.get('/scans/:id', { config: { auth: 'viewer' }, schema: { params: idParams, response: { 200: run } } }, async (req) => publicRun(await mustRun(req.params.id)));
  app.get('/scans/:id/results', { config: { auth: 'viewer' }, schema: { params: idParams } }, async (req) => {
    await mustRun(req.params.id);
    return svc.getResults(req.params.id);
  });
  app.post('/scans/:id/cancel', { config: { auth: 'analyst' }, schema: { params: idParams } }, async (req) => {
    const r = await mustRun(req.params.id);
    if (r.status !== 'running') throw new MamoriError('E_CONFLICT', `scan ${r.id} is ${r.status}, not running`);
    if (!svc.cancel(r.id)) throw new MamoriError('E_CONFLICT', `scan ${r.id} is not running in this server process`);
    return { cancelled: true };
  });
};
