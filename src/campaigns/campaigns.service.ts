// `mamori campaigns run NAME`: runs the campaign's checks over the inventory, then answers one verdict per
// asset (IT and OT alike) with evidence and a one-line summary per verdict.
import type { Asset } from '../core/asset.js';
import type { Store } from '../db/open.js';
import { listAssets } from '../db/repos/assets.repo.js';
import { FindingsRepo } from '../db/repos/findings.repo.js';
import { runChecks, type RunChecksOptions } from '../checks/runner.js';
import { evaluateCampaign, type CampaignReport } from './evaluate.js';
import { findCampaign } from './campaign-loader.js';

export interface RunCampaignOptions extends Omit<RunChecksOptions, 'checkIds'> {
  /** MAMORI_HOME/campaigns */
  userDir?: string;
  /** Evaluate stored results only, without sending anything. */
  noChecks?: boolean;
  /** Restrict to these assets (default: the whole inventory). */
  assets?: Asset[];
  lang?: 'en' | 'ja';
}

export async function runCampaign(store: Store, name: string, opts: RunCampaignOptions): Promise<CampaignReport & { runId: string | null }> {
  const { campaign } = findCampaign(name, opts.userDir);
  const assets = opts.assets ?? (await listAssets(store.db, {}));
  let runId: string | null = null;
  if (!opts.noChecks) {
    const r = await runChecks(store, assets, { ...opts, checkIds: campaign.checks, source: `campaign:${campaign.id}` });
    runId = r.runId;
  }
  const repo = new FindingsRepo(store.db);
  const ids = assets.map((a) => a.id);
  const results = ids.length ? await repo.results({ checkIds: campaign.checks }) : [];
  const findings = await repo.list({ checkIds: campaign.checks });
  const byFp = new Map(findings.map((f) => [f.fingerprint, f]));
  const wanted = new Set(ids);
  return { ...evaluateCampaign(campaign, assets, results.filter((r) => wanted.has(r.asset_id)), byFp, opts.lang ?? 'en'), runId };
}
