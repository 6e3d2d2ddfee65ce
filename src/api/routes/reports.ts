// The dashboard overview (the report model as JSON) and the executive report download (HTML or PDF),
// both limited to the caller's sites.
import { z } from 'zod';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { siteScope } from '../../auth/site-scope.js';
import { buildReportModel } from '../../reports/model.js';
import { generateReport } from '../../reports/report.service.js';
import type { RouteFactory } from './index.js';

const sitesParam = z
  .union([z.string().max(100), z.array(z.string().max(100)).max(50)])
  .optional()
  .transform((v) => (v === undefined || v === '' ? null : [v].flat().filter(Boolean)));

export const reportRoutes: RouteFactory = (deps) => async (plain) => {
  const app = plain.withTypeProvider<ZodTypeProvider>();
  const now = deps.now ?? (() => new Date());
  const campaignsDir = `${deps.config.home}/campaigns`;

  app.get(
    '/overview',
    { config: { auth: 'viewer' }, schema: { querystring: z.object({ lang: z.enum(['ja', 'en']).default('en'), site: sitesParam }) } },
    async (req) => buildReportModel(deps.store, { lang: req.query.lang, scope: siteScope(req), sites: req.query.site, now: now(), campaignsDir }),
  );

  app.get(
    '/reports/executive',
    {
      config: { auth: 'viewer' },
      schema: {
        querystring: z.object({
          lang: z.enum(['ja', 'en']).default('ja'),
          format: z.enum(['html', 'pdf']).default('html'),
          site: sitesParam,
          tz: z.string().max(64).regex(/^[A-Za-z_+\-/0-9]+$/).default('UTC'),
        }),
      },
    },
    async (req, reply) => {
      const q = req.query;
      let timeZone = q.tz;
      try {
        new Intl.DateTimeFormat('en', { timeZone });
      } catch {
        timeZone = 'UTC';
      }
      const r = await generateReport(deps.store, { lang: q.lang, format: q.format, scope: siteScope(req), sites: q.site, now: now(), timeZone, campaignsDir });
      const day = now().toISOString().slice(0, 10);
      reply.header('content-type', r.mediaType);
      reply.header('content-disposition', `${q.format === 'pdf' ? 'attachment' : 'inline'}; filename="mamori-report-${q.lang}-${day}${r.extension}"`);
      // The report's own CSS is inline: relax style-src for this one document, still no scripts.
      reply.header('content-security-policy', "default-src 'none'; style-src 'unsafe-inline'; img-src data:; frame-ancestors 'none'");
      return reply.send(r.body);
    },
  );
};
