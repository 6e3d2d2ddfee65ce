// REST DTOs of the inventory, shared by the API routes and the dashboard's client. Assets are served in
// the same shape as `mamori assets list --json` (src/core/asset.ts), so scripts can use either.
import { z } from 'zod';
import { assetSchema, historyEntrySchema, siteSchema, zoneSchema } from '../core/asset.js';
import { ASSET_CLASSES } from '../core/vocabulary.js';

export const assetListQuerySchema = z.object({
  q: z.string().max(200).optional(),
  class: z.enum(ASSET_CLASSES).optional(),
  kind: z.string().max(64).optional(),
  zone: z.string().max(128).optional(),
  site: z.string().max(128).optional(),
  vendor: z.string().max(128).optional(),
  owner: z.string().max(128).optional(),
  ip: z.string().max(64).optional(),
  port: z.coerce.number().int().min(0).max(65535).optional(),
  service: z.string().max(64).optional(),
  sort: z.enum(['name', 'ip', 'class', 'kind', 'vendor', 'zone', 'site', 'lastSeen', 'criticality']).default('name'),
  order: z.enum(['asc', 'desc']).default('asc'),
  limit: z.coerce.number().int().min(1).max(1000).default(50),
  offset: z.coerce.number().int().min(0).default(0),
});
export type AssetListQuery = z.infer<typeof assetListQuerySchema>;

export const assetPageSchema = z.object({ total: z.number().int(), items: z.array(assetSchema) });
export const assetDetailSchema = assetSchema.extend({ history: z.array(historyEntrySchema) });
export const refParamsSchema = z.object({ ref: z.string().min(1).max(256) });
export const historyQuerySchema = z.object({ since: z.string().datetime({ offset: true }).optional() });

export const importQuerySchema = z.object({
  filename: z.string().min(1).max(255).default('upload'),
  format: z.enum(['csv', 'nmap', 'json']).optional(),
  encoding: z.string().max(32).optional(),
  skipInvalid: z.enum(['true', 'false']).optional(),
});
export const problemSchema = z.object({ file: z.string().optional(), line: z.number().optional(), column: z.string().optional(), pointer: z.string().optional(), message: z.string() });
export const importReportSchema = z.object({
  file: z.string(), format: z.enum(['csv', 'nmap', 'json']), encoding: z.string().optional(), rows: z.number(), created: z.number(), updated: z.number(),
  unchanged: z.number(), skipped: z.array(problemSchema),
});

export const facetsSchema = z.object({
  total: z.number(),
  class: z.array(z.object({ value: z.string().nullable(), count: z.number() })),
  zone: z.array(z.object({ value: z.string().nullable(), count: z.number() })),
  site: z.array(z.object({ value: z.string().nullable(), count: z.number() })),
  kind: z.array(z.object({ value: z.string().nullable(), count: z.number() })),
});

export { siteSchema, zoneSchema };
