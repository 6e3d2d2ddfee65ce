// Row types of the scan tables (migration 0002): the authorized scope, scan runs and per-host results.
// JSON columns are TEXT; booleans are 0/1 integers; timestamps ISO-8601 UTC strings.
import type { Generated } from 'kysely';

export interface ScopeEntriesTable {
  id: Generated<number>;
  kind: string;
  spec: string;
  ot: number;
  note: string | null;
  created_at: string;
}

export interface ScanRunsTable {
  id: string;
  /** running | completed | cancelled | failed */
  status: string;
  targets: string;
  options: string;
  started_at: string;
  finished_at: string | null;
  progress: string;
  summary: string | null;
  changes: string;
  error: string | null;
}

export interface ScanResultsTable {
  scan_id: string;
  ip: string;
  asset_id: string | null;
  data: string;
}

export interface ScanTables {
  scope_entries: ScopeEntriesTable;
  scan_runs: ScanRunsTable;
  scan_results: ScanResultsTable;
}
