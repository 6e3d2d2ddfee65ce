// Row types of the findings tables (migration 0004): findings with their lifecycle, the audit trail of
// every transition, the latest result of each check per asset/service (coverage, campaigns, history
// for "used to answer without a password"), check runs, and the miners' expected wallets/pools.
import type { Generated } from 'kysely';

export interface FindingsTable {
  id: string;
  fingerprint: string;
  check_id: string;
  asset_id: string;
  /** Snapshot of the asset's identity when last seen, so a finding stays readable if the asset goes. */
  asset_name: string | null;
  asset_hostnames: string;
  asset_ips: string;
  transport: string | null;
  port: number | null;
  discriminator: string;
  verdict: string;
  confidence: string | null;
  severity: string;
  title: string;
  summary: string;
  status: string;
  evidence: string;
  transcript: string;
  refs: string;
  data: string;
  team: string | null;
  assignee: string | null;
  due_at: string | null;
  due_source: string | null;
  acceptance: string | null;
  first_seen: string;
  last_seen: string;
  fixed_at: string | null;
  updated_at: string;
}

export interface FindingEventsTable {
  id: Generated<number>;
  finding_id: string;
  at: string;
  actor: string;
  type: string;
  from_status: string | null;
  to_status: string | null;
  details: string;
}

export interface CheckRunsTable {
  id: string;
  started_at: string;
  finished_at: string | null;
  profile: string;
  credentials: number;
  source: string;
  summary: string;
}

export interface CheckResultsTable {
  key: string;
  run_id: string;
  check_id: string;
  asset_id: string;
  transport: string | null;
  port: number | null;
  discriminator: string;
  verdict: string;
  reason: string | null;
  severity: string | null;
  summary: string;
  evidence: string;
  transcript: string;
  data: string;
  at: string;
}

export interface MinerExpectationsTable {
  id: Generated<number>;
  /** null = the whole fleet. */
  asset_id: string | null;
  wallet: string | null;
  pool: string | null;
  note: string | null;
  created_at: string;
}

export interface FindingsTables {
  findings: FindingsTable;
  finding_events: FindingEventsTable;
  check_runs: CheckRunsTable;
  check_results: CheckResultsTable;
  miner_expectations: MinerExpectationsTable;
}
