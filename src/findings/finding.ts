// The finding model: one weakness of one asset (and service) found by one check, with a lifecycle.
// The JSON shape of `findingSchema` is a contract (`mamori findings list --json`, the API), documented in
// docs/findings.md: add fields, never rename or remove them.
import { createHash } from 'node:crypto';
import { z } from 'zod';
import { severitySchema, transportSchema, verdictSchema, confidenceSchema } from '../core/vocabulary.js';

export const FINDING_STATUSES = ['open', 'fixed', 'reopened', 'accepted'] as const;
export const findingStatusSchema = z.enum(FINDING_STATUSES);
export type FindingStatus = z.infer<typeof findingStatusSchema>;

export const TEAMS = ['IT', 'OT'] as const;
export const teamSchema = z.enum(TEAMS);
export type Team = z.infer<typeof teamSchema>;

export const evidenceItemSchema = z.object({ label: z.string(), excerpt: z.string() });
export const transcriptItemSchema = z.object({ dir: z.enum(['sent', 'received']), bytes: z.number(), excerpt: z.string() });

export const acceptanceSchema = z.object({
  control: z.string(),
  approver: z.string(),
  expiresAt: z.string(),
  reason: z.string().nullable(),
  acceptedAt: z.string(),
});
export type Acceptance = z.infer<typeof acceptanceSchema>;

export const findingSchema = z.object({
  id: z.string(),
  fingerprint: z.string(),
  check: z.object({ id: z.string() }),
  asset: z.object({ id: z.string(), name: z.string().nullable(), hostnames: z.array(z.string()), ips: z.array(z.string()) }),
  service: z.object({ transport: transportSchema, port: z.number().int() }).nullable(),
  discriminator: z.string().nullable(),
  verdict: verdictSchema,
  confidence: confidenceSchema.nullable(),
  severity: severitySchema,
  title: z.string(),
  summary: z.string(),
  status: findingStatusSchema,
  evidence: z.array(evidenceItemSchema),
  transcript: z.array(transcriptItemSchema),
  references: z.array(z.string()),
  data: z.record(z.string(), z.unknown()),
  team: teamSchema.nullable(),
  assignee: z.string().nullable(),
  dueAt: z.string().nullable(),
  /** Where the due date came from: 'kev' (CISA KEV due date), 'sla' (severity default) or 'manual'. */
  dueSource: z.enum(['kev', 'sla', 'manual']).nullable(),
  acceptance: acceptanceSchema.nullable(),
  firstSeen: z.string(),
  lastSeen: z.string(),
  fixedAt: z.string().nullable(),
  updatedAt: z.string(),
});
export type Finding = z.infer<typeof findingSchema>;

export const FINDING_EVENT_TYPES = ['opened', 'updated', 'fixed', 'reopened', 'assigned', 'accepted', 'acceptance-expired'] as const;
export const findingEventSchema = z.object({
  id: z.number().int(),
  findingId: z.string(),
  at: z.string(),
  actor: z.string(),
  type: z.enum(FINDING_EVENT_TYPES),
  fromStatus: findingStatusSchema.nullable(),
  toStatus: findingStatusSchema.nullable(),
  details: z.record(z.string(), z.unknown()),
});
export type FindingEvent = z.infer<typeof findingEventSchema>;

export interface FindingKey {
  checkId: string;
  assetId: string;
  service: { transport: 'tcp' | 'udp'; port: number } | null;
  discriminator: string | null;
}

/** `tcp/445`, or `-` for an asset-level finding. */
export const serviceKey = (s: FindingKey['service']): string => (s ? `${s.transport}/${s.port}` : '-');

/**
 * Stable across scans and databases: check id + asset + service + discriminator. The first 16 bytes of a
 * SHA-256 keep it short for URLs; the readable parts stay in their own columns.
 */
export function fingerprint(k: FindingKey): string {
  const text = [k.checkId, k.assetId, serviceKey(k.service), k.discriminator ?? ''].join('\u0000');
  return createHash('sha256').update(text).digest('hex').slice(0, 32);
}

/** Verdicts that are a problem to fix; mitigated and not-affected are passes, unknown is a gap. */
export const PROBLEM_VERDICTS = new Set(['infected', 'exploitable', 'exposed']);
