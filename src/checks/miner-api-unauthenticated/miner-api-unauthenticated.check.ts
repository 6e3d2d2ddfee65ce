// miner-api-unauthenticated (S1): a mining rig's remote-management API answers without a password/token.
// Claymore/Phoenix/ethminer: one `miner_getstat1` (plus read-only file/connection reads for the wallet);
// XMRig: `GET /1/summary`; cgminer: `privileged` (answers whether we have write access, changes nothing).
// Writability is decided from documented behaviour and version, never by sending a write method:
// Claymore before v8.1 defaulted to a writable -mport 3333 (what Satori.Coin.Robber used; CVE-2018-1000049).
import { z } from 'zod';
import { claymoreWritableByDefault } from '../../protocols/miner-rpc/claymore.js';
import { defineCheck, type CheckResult } from '../types.js';
import { MINER_SERVICES, minerServiceKind, readMiner, type MinerReading } from '../shared/miner-read.js';

export const minerApiUnauthenticatedCheck = defineCheck<{ xmrigToken?: string }>({
  id: 'miner-api-unauthenticated',
  title: { en: 'Mining rig management API without authentication', ja: 'マイニング機器の管理 API が認証なしで利用可能' },
  description: {
    en: 'Asks the rig\'s management API one read-only question without a password or token (Claymore/ethminer miner_getstat1, XMRig GET /1/summary, cgminer "privileged") and judges from the answer and the documented version behaviour whether anyone on the network can read or re-point the rig. No write method is ever sent.',
    ja: 'パスワードやトークンなしで管理 API に読み取り専用の問い合わせを 1 回行い（Claymore/ethminer は miner_getstat1、XMRig は GET /1/summary、cgminer は "privileged"）、応答と文書化されたバージョンごとの挙動から、ネットワーク上の誰でも状態を読めるか・採掘先を書き換えられるかを判定します。書き込み系メソッドは送信しません。',
  },
  remediation: {
    en: 'Claymore: upgrade, use a negative -mport (read-only) and set -mpsw; ethminer: --api-bind with a negative port and --api-password; XMRig: keep "restricted": true and set an access-token; cgminer: never grant W: access beyond the management host. Block 3333/4028 and the API port from outside the mining zone.',
    ja: 'Claymore は更新し、-mport を負の値（読み取り専用）にし -mpsw を設定してください。ethminer は --api-bind に負のポートと --api-password を、XMRig は "restricted": true とアクセストークンを設定してください。cgminer は管理ホスト以外に W: 権限を与えないでください。3333/4028 と API ポートはマイニングゾーン外から遮断してください。',
  },
  references: ['CVE-2018-1000049', 'CVE-2017-16929', 'T0812', 'T0866', 'https://blog.netlab.360.com/art-of-steal-satori-variant-is-robbing-eth-bitcoin-by-replacing-wallet-address-en/'],
  severity: 'high',
  safety: 'S1',
  tags: ['miner', 'management', 'satori'],
  services: MINER_SERVICES,
  optionsSchema: z.object({ xmrigToken: z.string().optional() }),
  selects: (_a, s) => s !== null && s.transport === 'tcp' && minerServiceKind(s.service, s.port) !== null,
  async run(ctx) {
    const o = await readMiner(ctx, { readFiles: false, ...(ctx.options.xmrigToken ? { xmrigToken: ctx.options.xmrigToken } : {}) });
    if (o.kind === 'unreachable') return { verdict: 'unknown', reason: `unreachable (${o.reason})`, transcript: o.transcript };
    if (o.kind === 'not-a-miner') return { verdict: 'unknown', reason: `no miner API answer: ${o.note}`, transcript: o.transcript };
    return judge(o.reading, o.transcript);
  },
});

function judge(r: MinerReading, transcript: CheckResult['transcript']): CheckResult {
  const data = { kind: r.kind, version: r.version, auth: r.auth, pools: r.pools };
  if (r.auth !== 'none') return { verdict: 'not-affected', summary: `${r.kind} API demands a password/token`, data, transcript };
  const ev = [
    { label: 'api', excerpt: `${r.kind}${r.version ? ` ${r.version}` : ''} answered without password/token` },
    ...(r.pools.length ? [{ label: 'pool', excerpt: r.pools.join(', ') }] : []),
  ];
  switch (r.kind) {
    case 'claymore': {
      const writable = r.version ? claymoreWritableByDefault(r.version) : null;
      if (writable) {
        return {
          verdict: 'exploitable', confidence: 'likely', severity: 'critical', transcript, data: { ...data, writableByDefault: true },
          summary: `Claymore ${r.version} without -mpsw: versions before 8.1 allow remote file upload and reboot by default (Satori.Coin.Robber, CVE-2018-1000049)`,
          evidence: [...ev, { label: 'version rule', excerpt: 'Claymore < 8.1: -mport 3333 (read/write) is the default' }],
        };
      }
      return {
        verdict: 'exposed', confidence: 'confirmed', severity: 'high', transcript, data: { ...data, writableByDefault: false },
        summary: `Claymore ${r.version ?? ''} management answers without password (read-only by default since 8.1; writable if started with a positive -mport)`.replace('  ', ' '),
        evidence: ev,
      };
    }
    case 'phoenixminer':
      return { verdict: 'exposed', confidence: 'confirmed', severity: 'medium', transcript, data, evidence: ev, summary: `PhoenixMiner ${r.version ?? ''} remote monitoring without -cdmpass (read-only by default)` };
    case 'ethminer':
      return { verdict: 'exposed', confidence: 'confirmed', severity: 'high', transcript, data, evidence: ev, summary: `ethminer API without --api-password: monitoring open, wallet readable, writable unless bound to a negative port` };
    case 'xmrig':
      return {
        verdict: 'exposed', confidence: 'confirmed', severity: r.restricted === false ? 'high' : 'medium', transcript, data: { ...data, restricted: r.restricted ?? null }, evidence: ev,
        summary: `XMRig HTTP API answers without an access token (restricted: ${r.restricted ?? 'unknown'})`,
      };
    case 'cgminer':
      if (r.privileged) {
        return {
          verdict: 'exploitable', confidence: 'confirmed', severity: 'critical', transcript, data: { ...data, privileged: true },
          summary: 'cgminer API grants privileged (W:) access to this client: anyone here can addpool/switchpool',
          evidence: [...ev, { label: 'privileged', excerpt: r.notes.join('; ') }],
        };
      }
      return { verdict: 'not-affected', summary: 'cgminer API is read-only for this client (privileged access denied)', data: { ...data, privileged: false }, transcript };
  }
}
