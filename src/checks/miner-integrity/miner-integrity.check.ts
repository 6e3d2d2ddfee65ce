// miner-integrity (S1): does each rig still mine to the wallet and pool its owner registered
// (`mamori miners expect`)? Reads pool and wallet read-only (see shared/miner-read.ts) and raises:
//   infected/critical  — a known attacker wallet or pool (IoC data), or drift from the registered wallet/pool;
//   infected/likely    — a rig that answered without a password before now demands one (Satori set its own -mpsw);
//   unknown            — nothing registered to compare with, or nothing readable.
import { z } from 'zod';
import { dataPath, loadJsonData } from '../data-file.js';
import { defineCheck, type CheckResult } from '../types.js';
import { MINER_SERVICES, minerServiceKind, normalizePool, readMiner } from '../shared/miner-read.js';

export const minerIocSchema = z.object({
  $comment: z.string().optional(),
  wallets: z.array(z.object({ value: z.string().min(8), campaign: z.string(), source: z.string() })),
  pools: z.array(z.object({ value: z.string().min(3), campaign: z.string(), source: z.string() })),
});
export type MinerIocs = z.infer<typeof minerIocSchema>;
let iocs: MinerIocs | null = null;
export const builtinMinerIocs = (): MinerIocs => (iocs ??= loadJsonData(dataPath('miner-integrity', 'miner-iocs.json'), minerIocSchema));

const sameWallet = (a: string, b: string) => a.trim().toLowerCase() === b.trim().toLowerCase();

export const minerIntegrityCheck = defineCheck<{ xmrigToken?: string; readFiles?: boolean }>({
  id: 'miner-integrity',
  title: { en: 'Mining rig wallet or pool changed (possible hijack)', ja: 'マイニング機器のウォレットまたはプールが変更されています（乗っ取りの可能性）' },
  description: {
    en: 'Reads, read-only, which pool and wallet each rig mines to (Claymore getstat1 and config files via miner_getfile, ethminer connections, XMRig /1/config with a configured token, cgminer pools) and compares them with the wallets and pools registered with `mamori miners expect` and with attacker wallets from public reports.',
    ja: '各機器が採掘しているプールとウォレットを読み取り専用で取得し（Claymore の getstat1 と miner_getfile による設定ファイル、ethminer の接続情報、トークン設定時の XMRig /1/config、cgminer の pools）、`mamori miners expect` で登録したウォレット・プールおよび公開報告の攻撃者ウォレットと比較します。',
  },
  remediation: {
    en: 'Take the rig off the network, restore its configuration from a known-good copy with the registered wallet and pool, set a management password, make the API read-only, and block the management port from outside the mining zone.',
    ja: '機器をネットワークから切り離し、登録済みのウォレット・プールを含む正しい設定に復元し、管理パスワードを設定し、API を読み取り専用にし、マイニングゾーン外から管理ポートを遮断してください。',
  },
  references: ['CVE-2018-1000049', 'T0836', 'T1496', 'https://blog.netlab.360.com/art-of-steal-satori-variant-is-robbing-eth-bitcoin-by-replacing-wallet-address-en/'],
  severity: 'critical',
  safety: 'S1',
  tags: ['miner', 'integrity', 'satori', 'indicator'],
  services: MINER_SERVICES,
  timeoutMs: 20_000,
  optionsSchema: z.object({ xmrigToken: z.string().optional(), readFiles: z.boolean().optional() }),
  selects: (_a, s) => s !== null && s.transport === 'tcp' && minerServiceKind(s.service, s.port) !== null,
  async run(ctx) {
    const o = await readMiner(ctx, { readFiles: ctx.options.readFiles ?? true, ...(ctx.options.xmrigToken ? { xmrigToken: ctx.options.xmrigToken } : {}) });
    if (o.kind === 'unreachable') return { verdict: 'unknown', reason: `unreachable (${o.reason})`, transcript: o.transcript };
    if (o.kind === 'not-a-miner') return { verdict: 'unknown', reason: `no miner API answer: ${o.note}`, transcript: o.transcript };
    const r = o.reading;
    const transcript = o.transcript;
    const data = { kind: r.kind, auth: r.auth, pools: r.pools, wallets: r.wallets, walletSources: r.walletSources };
    const results: CheckResult[] = [];

    if (r.auth === 'required') {
      const before = ctx.previous.find((p) => p.data.auth === 'none');
      if (before) {
        return {
          verdict: 'infected', confidence: 'likely', severity: 'high', discriminator: 'lockout', transcript, data,
          summary: `possible hijack: the ${r.kind} API answered without a password on ${before.at.slice(0, 10)} and now demands one (Satori sets its own -mpsw)`,
          evidence: [{ label: 'before', excerpt: `answered without password (${before.at})` }, { label: 'now', excerpt: r.notes.join('; ') || 'password demanded' }],
        };
      }
      return { verdict: 'unknown', reason: 'needs-credentials: the management API demands a password/token', data, transcript };
    }

    const ioc = builtinMinerIocs();
    for (const w of r.wallets) {
      const hit = ioc.wallets.find((x) => sameWallet(x.value, w));
      if (hit) results.push({ verdict: 'infected', confidence: 'confirmed', severity: 'critical', discriminator: 'ioc-wallet', transcript, data: { ...data, campaign: hit.campaign }, summary: `mines to a known attacker wallet ${w} (${hit.campaign})`, evidence: [{ label: 'wallet', excerpt: `${w} (from ${r.walletSources.join(', ')})` }, { label: 'report', excerpt: hit.source }] });
    }
    for (const p of r.pools) {
      const hit = ioc.pools.find((x) => normalizePool(x.value) === p);
      if (hit) results.push({ verdict: 'infected', confidence: 'confirmed', severity: 'critical', discriminator: 'ioc-pool', transcript, data: { ...data, campaign: hit.campaign }, summary: `mines to a pool used by ${hit.campaign}: ${p}`, evidence: [{ label: 'pool', excerpt: p }, { label: 'report', excerpt: hit.source }] });
    }

    const exp = ctx.minerExpectations.filter((e) => e.assetId === ctx.asset.id);
    const expectations = exp.length ? exp : ctx.minerExpectations.filter((e) => e.assetId === null);
    const wallets = expectations.map((e) => e.wallet).filter((x): x is string => Boolean(x));
    const pools = expectations.map((e) => e.pool).filter((x): x is string => Boolean(x)).map(normalizePool);
    if (!expectations.length) {
      if (results.length) return results;
      return { verdict: 'unknown', reason: 'no expected wallet/pool registered (mamori miners expect)', data, transcript };
    }
    const badPools = pools.length ? r.pools.filter((p) => !pools.includes(p)) : [];
    if (badPools.length) {
      results.push({ verdict: 'infected', confidence: 'confirmed', severity: 'critical', discriminator: 'pool', transcript, data: { ...data, expectedPools: pools }, summary: `wallet or pool changed: mines to ${badPools.join(', ')}, expected ${pools.join(', ')}`, evidence: [{ label: 'observed pool', excerpt: badPools.join(', ') }, { label: 'expected', excerpt: pools.join(', ') }] });
    }
    const badWallets = wallets.length ? r.wallets.filter((w) => !wallets.some((x) => sameWallet(x, w))) : [];
    if (badWallets.length) {
      results.push({ verdict: 'infected', confidence: 'confirmed', severity: 'critical', discriminator: 'wallet', transcript, data: { ...data, expectedWallets: wallets }, summary: `wallet or pool changed: mines to wallet ${badWallets.join(', ')}, expected ${wallets.join(', ')}`, evidence: [{ label: 'observed wallet', excerpt: `${badWallets.join(', ')} (from ${r.walletSources.join(', ')})` }, { label: 'expected', excerpt: wallets.join(', ') }] });
    }
    if (results.length) return results;
    const checked = [pools.length && r.pools.length ? 'pool' : null, wallets.length && r.wallets.length ? 'wallet' : null].filter(Boolean);
    if (!checked.length) return { verdict: 'unknown', reason: 'the rig did not reveal the pool/wallet that was registered', data, transcript };
    return { verdict: 'not-affected', summary: `${checked.join(' and ')} match the registered values${wallets.length && !r.wallets.length ? ' (wallet not readable)' : ''}`, data, transcript };
  },
});
