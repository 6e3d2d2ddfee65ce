// The port policy: which ports an asset may expose, by zone kind, device class and kind. Built-in rules
// (data/port-policy.json) merged with the user's (MAMORI_HOME/policies/ports.json).
import { existsSync } from 'node:fs';
import { z } from 'zod';
import type { Asset, Service } from '../../core/asset.js';
import { severitySchema } from '../../core/vocabulary.js';
import { dataPath, loadJsonData } from '../data-file.js';

const portSpec = z.string().regex(/^(tcp|udp)\/\d{1,5}(-\d{1,5})?$/, "a port like 'tcp/23' or 'tcp/5900-5903'");

export const portRuleSchema = z.object({
  id: z.string().regex(/^[a-z0-9-]+$/, 'kebab-case'),
  title: z.object({ en: z.string().min(1), ja: z.string().min(1) }),
  when: z.object({
    zoneKind: z.array(z.enum(['IT', 'OT', 'DMZ'])).optional(),
    class: z.array(z.enum(['it', 'ot', 'iot', 'miner'])).optional(),
    kind: z.array(z.string()).optional(),
  }),
  forbid: z.array(portSpec).optional(),
  allowOnly: z.array(portSpec).optional(),
  severity: severitySchema,
  references: z.array(z.string()).default([]),
  disabled: z.boolean().optional(),
});
export type PortRule = z.infer<typeof portRuleSchema>;
export const portPolicySchema = z.object({ $comment: z.string().optional(), rules: z.array(portRuleSchema) });
export type PortPolicy = z.infer<typeof portPolicySchema>;

let builtin: PortPolicy | null = null;
export const builtinPortPolicy = (): PortPolicy => (builtin ??= loadJsonData(dataPath('unnecessary-ports', 'port-policy.json'), portPolicySchema));

/** Built-in rules, replaced/extended by the user's file when it exists. */
export function loadPortPolicy(userFile?: string): PortPolicy {
  const rules = new Map(builtinPortPolicy().rules.map((r) => [r.id, r]));
  if (userFile && existsSync(userFile)) for (const r of loadJsonData(userFile, portPolicySchema).rules) rules.set(r.id, r);
  return { rules: [...rules.values()].filter((r) => !r.disabled) };
}

const inSpec = (spec: string, s: Pick<Service, 'transport' | 'port'>): boolean => {
  const [transport, range] = spec.split('/') as [string, string];
  if (transport !== s.transport) return false;
  const [lo, hi] = range.split('-').map(Number) as [number, number | undefined];
  return s.port >= lo && s.port <= (hi ?? lo);
};

export function ruleApplies(rule: PortRule, asset: Pick<Asset, 'class' | 'kind'>, zoneKind: string | null): boolean {
  const w = rule.when;
  if (w.zoneKind && !(zoneKind && w.zoneKind.includes(zoneKind as 'IT'))) return false;
  if (w.class && !(asset.class && w.class.includes(asset.class))) return false;
  if (w.kind && !(asset.kind && w.kind.includes(asset.kind.toLowerCase()))) return false;
  return true;
}

/** The rules this open port violates on this asset. */
export function violations(policy: PortPolicy, asset: Pick<Asset, 'class' | 'kind'>, zoneKind: string | null, s: Pick<Service, 'transport' | 'port'>): PortRule[] {
  return policy.rules.filter((r) => {
    if (!ruleApplies(r, asset, zoneKind)) return false;
    if (r.forbid?.some((p) => inSpec(p, s))) return true;
    if (r.allowOnly && !r.allowOnly.some((p) => inSpec(p, s))) return true;
    return false;
  });
}
