// The one Kysely `Database` type for both dialects. Each area declares its tables in tables/<area>.ts
// and is added here; SQL itself lives only in repos/.
import type { InventoryTables } from './tables/inventory.js';
import type { ScanTables } from './tables/scans.js';
import type { AdvisoryTables } from './tables/advisories.js';
import type { AuthTables } from './tables/auth.js';
import type { FindingsTables } from './tables/findings.js';

export interface Database extends InventoryTables, ScanTables, AdvisoryTables, FindingsTables, AuthTables {}

export type Dialect = 'sqlite' | 'postgres';
