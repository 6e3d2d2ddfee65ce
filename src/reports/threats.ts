// What threatens the in-scope devices: advisories matched by the advisory area and threat campaigns
// evaluated by the checks area, read through their services. Part of the report model (model.ts).
import type { Store } from '../db/open.js';
import { AdvisoriesService } from '../services/advisories.service.js';
import { loadCampaigns } from '../campaigns/campaign-loader.js';
import { runCampaign } from '../campaigns/campaigns.service.js';
import { listAssets } from '../db/repos/assets.repo.js';
import type { AdvisoryImpact, CampaignImpact, ReportOptions } from './model.js';

/**
 * Advisories affecting in-scope assets (verdict 'affected', user decisions respected), through the advisory
 * area's service. Null when no advisory was ever imported ("not assessed", never a reassuring empty list).
 */
export async function advisoryImpacts(store: Store, tables: Set<string>, assets: Map<string, unknown>): Promise<{ list: AdvisoryImpact[]; kevAssets: Set<string>; affectedAssets: Set<string> } | null> {
  if (!tables.has('advisory_matches') || !tables.has('advisories')) return null;
  const imported = await store.db.selectFrom('advisories').select((eb) => eb.fn.countAll<string | number>().as('n')).executeTakeFirstOrThrow();
  if (Number(imported.n) === 0) return null;
  const { matches } = await new AdvisoriesService(store).vulns({});
  const by = new Map<string, { title: string; assets: Set<string>; kev: boolean }>();
  const kevAssets = new Set<string>();
  const affectedAssets = new Set<string>();
  for (const m of matches) {
    if (m.verdict !== 'affected' || !assets.has(m.asset.id)) continue;
    const g = by.get(m.advisory.id) ?? { title: m.advisory.title, assets: new Set<string>(), kev: false };
    g.assets.add(m.asset.id);
    affectedAssets.add(m.asset.id);
    if (m.kev) {
      g.kev = true;
      kevAssets.add(m.asset.id);
    }
    by.set(m.advisory.id, g);
  }
  const list = [...by]
    .map(([id, g]) => ({ id, title: g.title, kev: g.kev, affectedAssets: g.assets.size }))
    .sort((a, b) => Number(b.kev) - Number(a.kev) || b.affectedAssets - a.affectedAssets || a.id.localeCompare(b.id));
  return { list, kevAssets, affectedAssets };
}

/**
 * Campaign verdicts from stored check results and open ports only (nothing is sent to any device), for
 * the in-scope assets. Campaigns nobody is exposed to are left out.
 */
export async function campaignImpacts(store: Store, tables: Set<string>, sites: string[] | null, opts: ReportOptions): Promise<CampaignImpact[]> {
  if (!tables.has('check_results') || !tables.has('findings')) return [];
  const assets = await listAssets(store.db, sites === null ? {} : { sites });
  if (assets.length === 0) return [];
  const out: CampaignImpact[] = [];
  for (const { campaign } of loadCampaigns(opts.campaignsDir)) {
    const r = await runCampaign(store, campaign.id, { userDir: opts.campaignsDir, noChecks: true, assets, profile: 'ot-safe', credentials: false, lang: opts.lang });
    const c = { infected: r.counts.infected ?? 0, exploitable: r.counts.exploitable ?? 0, exposed: r.counts.exposed ?? 0 };
    if (c.infected + c.exploitable + c.exposed === 0) continue;
    const summary = (['infected', 'exploitable', 'exposed'] as const)
      .filter((v) => c[v] > 0)
      .map((v) => r.summaries[v])
      .filter((x): x is string => !!x)
      .join('; ');
    out.push({ id: campaign.id, title: r.campaign.title, ...c, summary: summary || null });
  }
  return out.sort((a, b) => b.infected - a.infected || b.exploitable - a.exploitable || b.exposed - a.exposed || a.id.localeCompare(b.id));
}
