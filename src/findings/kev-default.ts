// The KEV lookup the CLI and API use: entries imported into the store (`mamori feeds import`), then the
// MAMORI_KEV_FILE / MAMORI_HOME/kev file, else none (severity SLA only).
import type { Store } from '../db/open.js';
import { checks } from '../checks/index.js';
import { loadCampaigns } from '../campaigns/campaign-loader.js';
import { defaultKev, kevFromStore, type KevLookup } from './kev.js';

export async function kevForStore(store: Store, home: string): Promise<KevLookup> {
  const refs = new Set<string>();
  for (const c of checks) for (const r of c.references) refs.add(r);
  try {
    for (const c of loadCampaigns(`${home}/campaigns`)) for (const cve of c.campaign.cves) refs.add(cve);
  } catch {
    // A malformed user campaign is reported by the campaign commands, not here.
  }
  return kevFromStore(store.db, [...refs], defaultKev(home));
}
