// unnecessary-ports (S0, passive): an open port the port policy forbids for this zone and device kind
// ("a PLC exposes its industrial protocols only", "no RDP/VNC/TeamViewer in OT zones", "no Telnet
// anywhere"). Reads the inventory only; one finding per (port, rule).
import { z } from 'zod';
import { defineCheck } from '../types.js';
import { loadPortPolicy, violations, type PortPolicy } from './port-policy.js';

export interface UnnecessaryPortsOptions {
  /** A user policy file (MAMORI_HOME/policies/ports.json) merged over the built-in rules. */
  policyFile?: string;
  policy?: PortPolicy;
}

export const unnecessaryPortsCheck = defineCheck<UnnecessaryPortsOptions>({
  id: 'unnecessary-ports',
  title: { en: 'Port open against the zone/device port policy', ja: 'ゾーン・機器種別のポートポリシーに反するポートが開いています' },
  description: {
    en: 'Compares each open port in the inventory with the port policy for the asset\'s zone kind, class and device kind. Sends nothing.',
    ja: 'インベントリ上の各オープンポートを、資産のゾーン種別・クラス・機器種別に応じたポートポリシーと照合します。通信は行いません。',
  },
  remediation: {
    en: 'Disable the service on the device, or block the port at the zone boundary; if the port is needed, document it as an exception in MAMORI_HOME/policies/ports.json.',
    ja: '機器側でサービスを無効にするか、ゾーン境界でポートを遮断してください。必要なポートであれば MAMORI_HOME/policies/ports.json に例外として記載してください。',
  },
  references: ['T0886', 'T0822', 'https://www.cisa.gov/resources-tools/resources/secure-by-demand-priority-considerations-operational-technology-owners-and-operators-when-selecting'],
  severity: 'medium',
  safety: 'S0',
  tags: ['hygiene', 'policy', 'passive'],
  services: [],
  level: 'service',
  optionsSchema: z.object({ policyFile: z.string().optional(), policy: z.any().optional() }) as z.ZodType<UnnecessaryPortsOptions>,
  selects: (_asset, service) => service !== null,
  async run(ctx) {
    const s = ctx.service;
    if (!s) return { verdict: 'not-affected' };
    const policy = ctx.options.policy ?? loadPortPolicy(ctx.options.policyFile);
    const broken = violations(policy, ctx.asset, ctx.zoneKind, s);
    if (!broken.length) return { verdict: 'not-affected', summary: `${s.transport}/${s.port} is allowed by the port policy` };
    return broken.map((r) => ({
      verdict: 'exposed' as const,
      confidence: 'confirmed' as const,
      severity: r.severity,
      discriminator: r.id,
      summary: `${s.transport}/${s.port}${s.service ? ` (${s.service})` : ''}: ${r.title.en}`,
      evidence: [
        { label: 'open port', excerpt: `${s.transport}/${s.port} ${[s.service, s.product, s.version].filter(Boolean).join(' ')}`.trim() },
        { label: 'rule', excerpt: `${r.id} (zone kind ${ctx.zoneKind ?? 'none'}, class ${ctx.asset.class ?? 'none'}, kind ${ctx.asset.kind ?? 'none'})` },
      ],
      data: { rule: r.id, references: r.references },
    }));
  },
});
