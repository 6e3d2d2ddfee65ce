// cleartext-login-ot (S0, passive): Telnet or FTP in an OT zone (or on an OT device). Their passwords cross
// the plant network in clear text and can be replayed against the controllers. Reads the inventory only.
import { z } from 'zod';
import { defineCheck } from '../types.js';

const CLEARTEXT: Record<string, string> = { telnet: 'Telnet', ftp: 'FTP', rlogin: 'rlogin', rsh: 'rsh', rexec: 'rexec' };
const byPort: Record<number, string> = { 23: 'telnet', 2323: 'telnet', 21: 'ftp', 513: 'rlogin', 514: 'rsh', 512: 'rexec' };
const nameOf = (service: string | null, port: number) => (service && CLEARTEXT[service.toLowerCase()] ? service.toLowerCase() : service ? null : (byPort[port] ?? null));

export const cleartextLoginOtCheck = defineCheck({
  id: 'cleartext-login-ot',
  title: { en: 'Cleartext login (Telnet/FTP) in an OT zone', ja: 'OT ゾーンでの平文ログイン（Telnet/FTP）' },
  description: {
    en: 'Flags Telnet, FTP and r-services recorded in the inventory on assets in an OT zone or classified as OT. Sends nothing.',
    ja: 'OT ゾーン内または OT に分類された資産で、インベントリに記録された Telnet・FTP・r 系サービスを指摘します。通信は行いません。',
  },
  remediation: {
    en: 'Replace with SSH/SFTP or the vendor\'s authenticated engineering protocol; where the device cannot, allow the port only from the engineering workstation and monitor logins.',
    ja: 'SSH/SFTP またはベンダーの認証付きエンジニアリングプロトコルに置き換えてください。機器が対応しない場合は、エンジニアリング端末からのみ許可し、ログインを監視してください。',
  },
  references: ['T0859', 'T0886', 'T0842'],
  severity: 'medium',
  safety: 'S0',
  tags: ['hygiene', 'cleartext', 'ot', 'passive'],
  services: Object.keys(CLEARTEXT),
  optionsSchema: z.object({}),
  selects: (_a, s) => s !== null && s.transport === 'tcp' && nameOf(s.service, s.port) !== null,
  async run(ctx) {
    const s = ctx.service!;
    const name = nameOf(s.service, s.port)!;
    const inOt = ctx.zoneKind === 'OT' || ctx.asset.class === 'ot';
    if (!inOt) return { verdict: 'not-affected', summary: `${CLEARTEXT[name]} on an asset outside OT zones (see unnecessary-ports for Telnet anywhere)` };
    return {
      verdict: 'exposed',
      confidence: 'confirmed',
      summary: `${CLEARTEXT[name]} on ${s.transport}/${s.port} ${ctx.zoneKind === 'OT' ? `in OT zone ${ctx.asset.zone}` : 'on an OT device'}: passwords cross the network in clear text`,
      evidence: [
        { label: 'service', excerpt: `${s.transport}/${s.port} ${[s.service, s.product, s.version].filter(Boolean).join(' ')}` },
        { label: 'zone', excerpt: `${ctx.asset.zone ?? '-'} (${ctx.zoneKind ?? 'no zone kind'}), class ${ctx.asset.class ?? '-'}` },
      ],
    };
  },
});
