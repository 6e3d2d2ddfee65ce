// Decides one campaign verdict per asset from the latest check results and the inventory (pure).
// Order: infected > exploitable > exposed (the first that matches wins; a problem whose findings were all
// risk-accepted with a compensating control becomes 'mitigated'); otherwise 'unknown' when a campaign check
// could not decide (a coverage gap, never a pass), 'not-affected' when none of the threat's ports is open
// or every check passed — except for network-only campaigns (neverClean), which stay 'unknown'.
import type { Asset } from '../core/asset.js';
import type { Verdict } from '../core/vocabulary.js';
import type { CheckResultRow } from '../db/repos/findings.repo.js';
import type { Finding } from '../findings/finding.js';
import type { Campaign, Condition } from './campaign.js';

export interface CampaignAssetVerdict {
  asset: { id: string; name: string | null; hostnames: string[]; ips: string[]; class: string | null; kind: string | null };
  verdict: Verdict;
  /** One line a person reads. */
  summary: string;
  reason: string | null;
  evidence: { source: string; detail: string }[];
}

export interface CampaignReport {
  campaign: { id: string; title: string };
  counts: Record<Verdict, number>;
  /** One line per verdict that occurs. */
  summaries: Partial<Record<Verdict, string>>;
  assets: CampaignAssetVerdict[];
}

const ORDER = ['infected', 'exploitable', 'exposed'] as const;

function matches(c: Condition, asset: Asset, results: CheckResultRow[]): { source: string; detail: string; key?: string }[] {
  if ('port' in c) {
    const [transport, port] = c.port.split('/') as [string, string];
    return asset.services
      .filter((s) => s.transport === transport && s.port === Number(port))
      .map((s) => ({ source: `port ${c.port}`, detail: `open${s.service ? ` (${s.service}${s.product ? ` ${s.product}` : ''}${s.version ? ` ${s.version}` : ''})` : ''}` }));
  }
  const re = c.discriminator ? new RegExp(c.discriminator) : null;
  return results
    .filter((r) => r.check_id === c.check && c.verdict.includes(r.verdict as Verdict) && (!re || re.test(r.discriminator)))
    .map((r) => ({
      source: `${r.check_id}${r.port !== null ? ` on ${r.transport}/${r.port}` : ''}`,
      detail: `${r.verdict}: ${r.summary}`,
      key: r.key,
    }));
}

export function evaluateCampaign(
  campaign: Campaign,
  assets: readonly Asset[],
  results: readonly CheckResultRow[],
  findingsByFingerprint: ReadonlyMap<string, Pick<Finding, 'status' | 'acceptance'>> = new Map(),
  lang: 'en' | 'ja' = 'en',
): CampaignReport {
  const out: CampaignAssetVerdict[] = [];
  for (const asset of assets) {
    const mine = results.filter((r) => r.asset_id === asset.id && campaign.checks.includes(r.check_id));
    const ref = { id: asset.id, name: asset.name, hostnames: asset.hostnames, ips: asset.ips, class: asset.class, kind: asset.kind };
    let decided: CampaignAssetVerdict | null = null;
    for (const v of ORDER) {
      const hits = campaign.verdicts[v].flatMap((c) => matches(c, asset, mine));
      if (!hits.length) continue;
      const keyed = hits.filter((h) => h.key);
      const accepted = keyed.length > 0 && keyed.every((h) => findingsByFingerprint.get(h.key!)?.status === 'accepted');
      if (accepted) {
        const controls = keyed.map((h) => findingsByFingerprint.get(h.key!)?.acceptance?.control).filter(Boolean);
        decided = {
          asset: ref,
          verdict: 'mitigated',
          summary: `${v} but risk-accepted with compensating control: ${[...new Set(controls)].join('; ')}`,
          reason: null,
          evidence: hits.map(({ source, detail }) => ({ source, detail })),
        };
      } else {
        decided = { asset: ref, verdict: v, summary: hits.map((h) => `${h.source}: ${h.detail}`).join('; '), reason: null, evidence: hits.map(({ source, detail }) => ({ source, detail })) };
      }
      break;
    }
    if (!decided) {
      const portsOpen = campaign.ports.filter((p) => asset.services.some((s) => `${s.transport}/${s.port}` === p));
      const gaps = mine.filter((r) => r.verdict === 'unknown');
      if (campaign.ports.length && !portsOpen.length && !gaps.length) {
        decided = campaign.neverClean
          ? { asset: ref, verdict: 'unknown', summary: `none of ${campaign.ports.join(', ')} open; the network view cannot prove the host clean`, reason: 'network view only', evidence: [] }
          : { asset: ref, verdict: 'not-affected', summary: `none of ${campaign.ports.join(', ')} open`, reason: null, evidence: [] };
      } else if (gaps.length) {
        const reasons = gaps.map((g) => `${g.check_id}${g.port !== null ? ` on ${g.transport}/${g.port}` : ''}: ${g.reason ?? 'unknown'}`);
        decided = { asset: ref, verdict: 'unknown', summary: `could not decide: ${reasons.join('; ')}`, reason: reasons.join('; '), evidence: [] };
      } else if (!mine.length && portsOpen.length) {
        decided = { asset: ref, verdict: 'unknown', summary: `${portsOpen.join(', ')} open but no campaign check has run on it`, reason: 'not checked', evidence: [] };
      } else if (campaign.neverClean) {
        decided = { asset: ref, verdict: 'unknown', summary: 'no network exposure found; the network view cannot prove the host clean', reason: 'network view only', evidence: [] };
      } else {
        decided = { asset: ref, verdict: 'not-affected', summary: `every campaign check passed (${[...new Set(mine.map((r) => r.check_id))].join(', ') || 'none applicable'})`, reason: null, evidence: [] };
      }
    }
    out.push(decided);
  }
  const counts = { infected: 0, exploitable: 0, exposed: 0, mitigated: 0, 'not-affected': 0, unknown: 0 } as Record<Verdict, number>;
  for (const a of out) counts[a.verdict]++;
  const summaries: Partial<Record<Verdict, string>> = {};
  for (const v of Object.keys(counts) as Verdict[]) {
    if (!counts[v]) continue;
    const label = campaign.summaries?.[v]?.[lang] ?? defaultSummary(v, lang);
    const names = out.filter((a) => a.verdict === v).map((a) => a.asset.name ?? a.asset.hostnames[0] ?? a.asset.ips[0] ?? a.asset.id);
    summaries[v] = `${counts[v]} ${label}: ${names.slice(0, 10).join(', ')}${names.length > 10 ? `, … (${names.length - 10} more)` : ''}`;
  }
  return { campaign: { id: campaign.id, title: campaign.title[lang] }, counts, summaries, assets: out };
}

const JA: Record<Verdict, string> = {
  infected: '台で侵害の痕跡を検出',
  exploitable: '台で攻撃に使われる弱点を確認',
  exposed: '台が攻撃経路上で到達可能',
  mitigated: '台は受容済みの代替策で保護',
  'not-affected': '台は影響範囲外',
  unknown: '台は判定できず（カバレッジの穴）',
};

const defaultSummary = (v: Verdict, lang: 'en' | 'ja'): string =>
  lang === 'ja' ? JA[v] : ({
    infected: 'asset(s) show an indicator of compromise',
    exploitable: 'asset(s) have a confirmed weakness the threat uses',
    exposed: 'asset(s) are reachable on the threat\'s path',
    mitigated: 'asset(s) are covered by an accepted compensating control',
    'not-affected': 'asset(s) are out of its reach',
    unknown: 'asset(s) could not be decided (coverage gap)',
  })[v];
