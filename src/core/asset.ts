// The inventory's domain model. Types come from these zod schemas; the JSON field names are a contract
// (`mamori assets list --json` is read by other tools), see docs/inventory.md.
import { z } from 'zod';
import { assetClassSchema, transportSchema, zoneKindSchema } from './vocabulary.js';

export const softwareSchema = z.object({
  name: z.string().nullable(),
  version: z.string().nullable(),
});
export type Software = z.infer<typeof softwareSchema>;

/** Where a fact came from: 'manual', 'csv', 'nmap', 'json', 'scan', 'demo', ... and when. */
export const provenanceSchema = z.object({
  source: z.string(),
  at: z.string(),
  manual: z.boolean().optional(),
});
export type Provenance = z.infer<typeof provenanceSchema>;

export const serviceSchema = z.object({
  transport: transportSchema,
  port: z.number().int().min(0).max(65535),
  service: z.string().nullable(),
  product: z.string().nullable(),
  version: z.string().nullable(),
  banner: z.string().nullable(),
  extra: z.record(z.string(), z.unknown()),
  source: z.string(),
  firstSeen: z.string(),
  lastSeen: z.string(),
});
export type Service = z.infer<typeof serviceSchema>;

/** The fields a user or an importer may set; every one optional. */
export const ASSET_SCALAR_FIELDS = [
  'class', 'kind', 'vendor', 'model', 'serial', 'os', 'firmware', 'site', 'zone', 'owner', 'criticality', 'notes', 'name',
] as const;
export type AssetScalarField = (typeof ASSET_SCALAR_FIELDS)[number];
export const ASSET_LIST_FIELDS = ['ips', 'macs', 'hostnames', 'cpes', 'tags'] as const;
export type AssetListField = (typeof ASSET_LIST_FIELDS)[number];

export const assetSchema = z.object({
  id: z.string(),
  name: z.string().nullable(),
  ips: z.array(z.string()),
  macs: z.array(z.string()),
  hostnames: z.array(z.string()),
  class: assetClassSchema.nullable(),
  kind: z.string().nullable(),
  vendor: z.string().nullable(),
  model: z.string().nullable(),
  serial: z.string().nullable(),
  os: softwareSchema.nullable(),
  firmware: softwareSchema.nullable(),
  cpes: z.array(z.string()),
  site: z.string().nullable(),
  zone: z.string().nullable(),
  owner: z.string().nullable(),
  criticality: z.number().int().min(1).max(5).nullable(),
  tags: z.array(z.string()),
  notes: z.string().nullable(),
  /** Columns an import did not know, kept rather than dropped. */
  attributes: z.record(z.string(), z.string()),
  /** The import key (an asset tag or CMDB id) when an import supplied one. */
  externalId: z.string().nullable(),
  firstSeen: z.string(),
  lastSeen: z.string(),
  /** Per field: who set it and when. */
  provenance: z.record(z.string(), provenanceSchema),
  services: z.array(serviceSchema),
});
export type Asset = z.infer<typeof assetSchema>;

export const serviceInputSchema = z.object({
  transport: transportSchema.default('tcp'),
  port: z.number().int().min(0).max(65535),
  service: z.string().nullish(),
  product: z.string().nullish(),
  version: z.string().nullish(),
  banner: z.string().nullish(),
  extra: z.record(z.string(), z.unknown()).optional(),
});
export type ServiceInput = z.input<typeof serviceInputSchema>;

/** What an importer, a scan or a user says about one device. Absent = "no opinion". */
export const assetInputSchema = z.object({
  name: z.string().nullish(),
  ips: z.array(z.string()).optional(),
  macs: z.array(z.string()).optional(),
  hostnames: z.array(z.string()).optional(),
  class: assetClassSchema.nullish(),
  kind: z.string().nullish(),
  vendor: z.string().nullish(),
  model: z.string().nullish(),
  serial: z.string().nullish(),
  os: softwareSchema.partial().nullish(),
  firmware: softwareSchema.partial().nullish(),
  cpes: z.array(z.string()).optional(),
  site: z.string().nullish(),
  zone: z.string().nullish(),
  owner: z.string().nullish(),
  criticality: z.number().int().min(1).max(5).nullish(),
  tags: z.array(z.string()).optional(),
  notes: z.string().nullish(),
  attributes: z.record(z.string(), z.string()).optional(),
  externalId: z.string().nullish(),
  services: z.array(serviceInputSchema).optional(),
});
export type AssetInput = z.input<typeof assetInputSchema>;

export const siteSchema = z.object({
  name: z.string().min(1),
  description: z.string().nullable(),
});
export type Site = z.infer<typeof siteSchema>;

export const zoneSchema = z.object({
  name: z.string().min(1),
  kind: zoneKindSchema,
  purdueLevel: z.number().min(0).max(5).nullable(),
  site: z.string().nullable(),
  cidrs: z.array(z.string()),
  description: z.string().nullable(),
});
export type Zone = z.infer<typeof zoneSchema>;

/** One entry of the evidence trail: what was seen, when, by which source. */
export const observationSchema = z.object({
  id: z.number().int(),
  assetId: z.string(),
  at: z.string(),
  source: z.string(),
  kind: z.string(),
  data: z.record(z.string(), z.unknown()),
});
export type Observation = z.infer<typeof observationSchema>;

export const historyEntrySchema = z.object({
  id: z.number().int(),
  assetId: z.string(),
  at: z.string(),
  source: z.string(),
  change: z.enum(['created', 'updated', 'removed', 'service-added', 'service-changed', 'service-closed']),
  field: z.string().nullable(),
  before: z.unknown(),
  after: z.unknown(),
});
export type HistoryEntry = z.infer<typeof historyEntrySchema>;

/** The name a person knows a device by: its given name, else its first host name, address or MAC, else its id. */
export const displayName = (a: Pick<Asset, 'id' | 'name' | 'hostnames' | 'ips' | 'macs'>): string => a.name ?? a.hostnames[0] ?? a.ips[0] ?? a.macs[0] ?? a.id;
