// Loads the demo factory (sites, zones, assets) into an empty store; does nothing when assets exist. The demo
// advisories (two real CISA ICS advisories about the plant's Siemens PLCs) go into a store without advisories.
import { readdirSync } from 'node:fs';
import { join } from 'node:path';
import { packagePath } from '../core/package-root.js';
import type { Store } from '../db/open.js';
import { hasAdvisories } from '../db/repos/advisories.repo.js';
import { AdvisoriesService } from './advisories.service.js';
import { upsertSite, upsertZone } from '../db/repos/zones.repo.js';
import { demoAssets, demoSites, demoZones } from './demo/factory.js';
import { InventoryService } from './inventory.service.js';

export async function loadDemoInventory(store: Store, now?: () => Date): Promise<number> {
  const inv = new InventoryService(store, now ? { now } : undefined);
  if ((await inv.count()) > 0) return 0;
  for (const s of demoSites) await upsertSite(store.db, s);
  for (const z of demoZones) await upsertZone(store.db, z);
  const r = await inv.ingest(demoAssets, { source: 'demo' });
  return r.created;
}

/** The demo advisories' files (src/services/demo/advisories, see SOURCE.md there). */
export const demoAdvisoryFiles = (): string[] => {
  const dir = packagePath('src', 'services', 'demo', 'advisories');
  return readdirSync(dir).filter((f) => f.endsWith('.json')).sort().map((f) => join(dir, f));
};

/** Imports the demo advisories (and matches them) when the store holds none yet; returns how many were new. */
export async function loadDemoAdvisories(store: Store, now?: () => Date): Promise<number> {
  if (await hasAdvisories(store.db)) return 0;
  const s = await new AdvisoriesService(store, now ? { now } : undefined).importPaths(demoAdvisoryFiles());
  return s.advisories.new;
}

/**
 * The demo (`--demo`): the inventory into an empty store and, only with it, the demo advisories (a user's own
 * inventory never gets them). Advisories that fail to load do not fail the demo: the reason comes back instead.
 */
export async function loadDemo(store: Store): Promise<{ assets: number; advisories: number; advisoryError?: string }> {
  const assets = await loadDemoInventory(store);
  if (!assets) return { assets, advisories: 0 };
  try {
    return { assets, advisories: await loadDemoAdvisories(store) };
  } catch (e) {
    return { assets, advisories: 0, advisoryError: (e as Error).message };
  }
}
