// Every migration, in order. Names sort; add one line per new migration file.
import type { MamoriMigration } from '../migrate.js';
import { inventory0001 } from './0001-inventory.js';
import { scans0002 } from './0002-scans.js';
import { advisories0003 } from './0003-advisories.js';
import { auth0005 } from './0005-auth.js';
import { findings0004 } from './0004-findings.js';
import { inventoryBulk0006 } from './0006-inventory-bulk.js';
import { advisoriesCompact0007 } from './0007-advisories-compact.js';

export const migrations: Record<string, MamoriMigration> = {
  '0001-inventory': inventory0001,
  '0002-scans': scans0002,
  '0003-advisories': advisories0003,
  '0004-findings': findings0004,
  '0005-auth': auth0005,
  '0006-inventory-bulk': inventoryBulk0006,
  '0007-advisories-compact': advisoriesCompact0007,
};
