// Scan runs and their per-host results. The only place scan SQL lives.
import type { Kysely } from 'kysely';
import type { Change, HostResult, ScanProgress, ScanSummary } from '../../engine/types.js';
import type { Database } from '../schema.js';

export type ScanStatus = 'running' | 'completed' | 'cancelled' | 'failed';

export interface ScanRun {
  id: string;
  status: ScanStatus;
  targets: string[];
  options: Record<string, unknown>;
  startedAt: string;
  finishedAt: string | null;
  progress: ScanProgress | null;
  summary: ScanSummary | null;
  changes: Change[];
  error: string | null;
}

const parse = <T>(s: string | null, fallback: T): T => {
  if (s === null) return fallback;
  try {
    return JSON.parse(s) as T;
  } catch {
    return fallback;
  }
};

type Row = Database['scan_runs'];
const toRun = (r: Row): ScanRun => ({
  id: r.id, status: r.status as ScanStatus, targets: parse(r.targets, []), options: parse(r.options, {}),
  startedAt: r.started_at, finishedAt: r.finished_at, progress: parse<ScanProgress | null>(r.progress, null),
  summary: parse<ScanSummary | null>(r.summary, null), changes: parse(r.changes, []), error: r.error,
});

export async function createRun(db: Kysely<Database>, run: { id: string; targets: string[]; options: Record<string, unknown>; startedAt: string }): Promise<void> {
  await db.insertInto('scan_runs').values({
    id: run.id, status: 'running', targets: JSON.stringify(run.targets), options: JSON.stringify(run.options),
    started_at: run.startedAt, finished_at: null, progress: '{}', summary: null, changes: '[]', error: null,
  }).execute();
}

export async function updateProgress(db: Kysely<Database>, id: string, progress: ScanProgress): Promise<void> {
  await db.updateTable('scan_runs').set({ progress: JSON.stringify(progress) }).where('id', '=', id).execute();
}

export async function finishRun(db: Kysely<Database>, id: string, f: { status: ScanStatus; finishedAt: string; summary?: ScanSummary; changes?: Change[]; error?: string }): Promise<void> {
  await db.updateTable('scan_runs').set({
    status: f.status, finished_at: f.finishedAt, summary: f.summary ? JSON.stringify(f.summary) : null,
    changes: JSON.stringify(f.changes ?? []), error: f.error ?? null,
  }).where('id', '=', id).execute();
}

export async function saveResults(db: Kysely<Database>, scanId: string, rows: { host: HostResult; assetId: string | null }[]): Promise<void> {
  for (let i = 0; i < rows.length; i += 200) {
    const batch = rows.slice(i, i + 200).map((r) => ({ scan_id: scanId, ip: r.host.ip, asset_id: r.assetId, data: JSON.stringify(r.host) }));
    if (batch.length) await db.insertInto('scan_results').values(batch).execute();
  }
}

export async function getRun(db: Kysely<Database>, id: string): Promise<ScanRun | null> {
  const r = await db.selectFrom('scan_runs').selectAll().where('id', '=', id).executeTakeFirst();
  return r ? toRun(r) : null;
}

export async function listRuns(db: Kysely<Database>, limit = 50): Promise<ScanRun[]> {
  const rows = await db.selectFrom('scan_runs').selectAll().orderBy('started_at', 'desc').orderBy('id', 'desc').limit(limit).execute();
  return rows.map(toRun);
}

export async function getResults(db: Kysely<Database>, scanId: string): Promise<{ ip: string; assetId: string | null; host: HostResult }[]> {
  const rows = await db.selectFrom('scan_results').selectAll().where('scan_id', '=', scanId).orderBy('ip').execute();
  return rows.map((r) => ({ ip: r.ip, assetId: r.asset_id, host: parse<HostResult>(r.data, { ip: r.ip, profile: '?', alive: false, complete: false, ports: [], closed: 0, filtered: 0 }) }));
}

/** Runs left 'running' by a process that died: marked failed so nobody waits on them. */
export async function failStale(db: Kysely<Database>, at: string): Promise<number> {
  const r = await db.updateTable('scan_runs').set({ status: 'failed', finished_at: at, error: 'the process running this scan stopped' }).where('status', '=', 'running').executeTakeFirst();
  return Number(r.numUpdatedRows ?? 0);
}
