// KEV due dates for findings: CISA's Known Exploited Vulnerabilities catalog says by when a federal
// agency must fix each listed CVE; mamori uses that date for a finding whose check references it.
import { readFileSync } from 'node:fs';
import { z } from 'zod';
import { MamoriError } from '../core/errors.js';

export type KevLookup = (cve: string) => { dueDate: string; ransomware: boolean | null } | null;

const kevDocSchema = z.object({
  vulnerabilities: z.array(
    z.looseObject({ cveID: z.string(), dueDate: z.string().optional(), knownRansomwareCampaignUse: z.string().optional() }),
  ),
});

export function kevFromDocument(doc: unknown, file = 'KEV document'): KevLookup {
  const parsed = kevDocSchema.safeParse(doc);
  if (!parsed.success) {
    const i = parsed.error.issues[0];
    throw new MamoriError('E_FEED_FORMAT', `${file}: not a CISA KEV catalog: ${i?.path.join('.')}: ${i?.message}`, { location: { file } });
  }
  const map = new Map<string, { dueDate: string; ransomware: boolean | null }>();
  for (const v of parsed.data.vulnerabilities) {
    if (!v.dueDate) continue;
    const r = v.knownRansomwareCampaignUse;
    map.set(v.cveID.toUpperCase(), { dueDate: v.dueDate, ransomware: r === 'Known' ? true : r === 'Unknown' ? null : false });
  }
  return (cve) => map.get(cve.toUpperCase()) ?? null;
}

export function kevFromFile(path: string): KevLookup {
  let doc: unknown;
  try {
    doc = JSON.parse(readFileSync(path, 'utf8'));
  } catch (e) {
    throw new MamoriError('E_FEED_FORMAT', `cannot read KEV catalog ${path}: ${(e as Error).message}`, { location: { file: path } });
  }
  return kevFromDocument(doc, path);
}

export const noKev: KevLookup = () => null;

/** Days to fix by severity when no KEV date applies (a common vulnerability-management SLA). */
export const SLA_DAYS: Record<string, number> = { critical: 7, high: 30, medium: 90, low: 180, info: 365 };

export function dueDateFor(references: readonly string[], severity: string, from: Date, kev: KevLookup): { dueAt: string; dueSource: 'kev' | 'sla' } {
  const kevDates = references
    .filter((r) => /^CVE-\d{4}-\d+$/i.test(r))
    .map((c) => kev(c)?.dueDate)
    .filter((d): d is string => typeof d === 'string')
    .sort();
  if (kevDates[0]) return { dueAt: kevDates[0], dueSource: 'kev' };
  const days = SLA_DAYS[severity] ?? 90;
  return { dueAt: new Date(from.getTime() + days * 86_400_000).toISOString().slice(0, 10), dueSource: 'sla' };
}

/**
 * The KEV catalog the CLI/API use for due dates: MAMORI_KEV_FILE, else MAMORI_HOME/kev/known_exploited_vulnerabilities.json
 * when present (CISA's JSON feed as downloaded), else none (severity SLA only).
 */
export function defaultKev(home: string, env: NodeJS.ProcessEnv = process.env): KevLookup {
  const file = env.MAMORI_KEV_FILE ?? `${home}/kev/known_exploited_vulnerabilities.json`;
  try {
    readFileSync(file);
  } catch {
    return noKev;
  }
  return kevFromFile(file);
}

/**
 * KEV entries imported with `mamori feeds import` (table kev_entries), for the CVEs the given references
 * name, as a synchronous lookup. Falls back to `fallback` for CVEs the store does not know.
 */
export async function kevFromStore(db: import('kysely').Kysely<import('../db/schema.js').Database>, references: readonly string[], fallback: KevLookup = noKev): Promise<KevLookup> {
  const cves = [...new Set(references.filter((r) => /^CVE-\d{4}-\d+$/i.test(r)).map((r) => r.toUpperCase()))];
  const map = new Map<string, { dueDate: string; ransomware: boolean | null }>();
  if (cves.length) {
    try {
      const rows = await db.selectFrom('kev_entries').select(['cve', 'due_at', 'known_ransomware']).where('cve', 'in', cves).execute();
      for (const r of rows) if (r.due_at) map.set(r.cve.toUpperCase(), { dueDate: r.due_at.slice(0, 10), ransomware: r.known_ransomware === null ? null : r.known_ransomware === 1 });
    } catch {
      // No advisories tables in this store: the file fallback (or severity SLA) applies.
    }
  }
  return (cve) => map.get(cve.toUpperCase()) ?? fallback(cve);
}
