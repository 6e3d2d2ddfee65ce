// Loads the demo factory (sites, zones, assets) into an empty store; does nothing when assets exist.
import type { Store } from '../db/open.js';
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
