// A threat campaign as data: which checks, ports and CVEs decide each verdict for an asset. One file per
// threat (YAML or JSON), easy to write on the day the news breaks. See docs/campaigns.md.
import { z } from 'zod';
import { VERDICTS } from '../core/vocabulary.js';

const text = z.object({ en: z.string().min(1), ja: z.string().min(1) });
const portSpec = z.string().regex(/^(tcp|udp)\/\d{1,5}$/, "a port like 'tcp/445'");
const problemVerdict = z.enum(['infected', 'exploitable', 'exposed']);

/** One condition: a check's latest verdict on the asset, or an open port. */
export const conditionSchema = z.union([
  z.strictObject({
    check: z.string().regex(/^[a-z0-9-]+$/, 'a check id'),
    verdict: z.array(z.enum(VERDICTS)).min(1),
    /** Only results whose discriminator matches this regular expression (e.g. one policy rule). */
    discriminator: z.string().optional(),
  }),
  z.strictObject({ port: portSpec }),
]);
export type Condition = z.infer<typeof conditionSchema>;

export const campaignSchema = z.strictObject({
  id: z.string().regex(/^[a-z0-9]+(-[a-z0-9]+)*$/, 'kebab-case'),
  title: text,
  description: text,
  references: z.array(z.string()).default([]),
  cves: z.array(z.string().regex(/^CVE-\d{4}-\d{4,}$/, 'a CVE id')).default([]),
  /** ATT&CK (for ICS) technique ids. */
  techniques: z.array(z.string().regex(/^T\d{4}(\.\d{3})?$/, 'a technique id like T0866')).default([]),
  /** Ports the threat spreads over; an asset with none of them open is out of its reach. */
  ports: z.array(portSpec).default([]),
  /** Checks to run for this campaign (`mamori campaigns run` runs them first). */
  checks: z.array(z.string().regex(/^[a-z0-9-]+$/)).min(1),
  /**
   * Network view only: the network cannot prove a host clean (host-destructive malware whose traces are on
   * the disk), so the best answer is 'unknown', never 'not-affected'.
   */
  neverClean: z.boolean().default(false),
  verdicts: z.strictObject({
    infected: z.array(conditionSchema).default([]),
    exploitable: z.array(conditionSchema).default([]),
    exposed: z.array(conditionSchema).default([]),
  }),
  summaries: z.partialRecord(z.enum(VERDICTS), text).optional(),
});
export type Campaign = z.infer<typeof campaignSchema>;
export type ProblemVerdict = z.infer<typeof problemVerdict>;
