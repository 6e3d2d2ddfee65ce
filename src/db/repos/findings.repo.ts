// SQL for findings, their events, check runs/results and miner expectations. Rows ↔ domain objects;
// JSON columns are parsed back here (and only here).
import type { Kysely, Selectable } from 'kysely';
import type { Database } from '../schema.js';
import type { CheckResultsTable, FindingsTable } from '../tables/findings.js';
import type { Finding, FindingEvent, FindingStatus } from '../../findings/finding.js';
import { acceptanceSchema } from '../../findings/finding.js';

type Db = Kysely<Database>;
export type FindingRow = Selectable<FindingsTable>;
export type CheckResultRow = Selectable<CheckResultsTable>;

const parse = <T>(text: string | null, fallback: T): T => {
  if (text === null || text === '') return fallback;
  try {
    return JSON.parse(text) as T;
  } catch {
    return fallback;
  }
};

export function rowToFinding(r: FindingRow): Finding {
  const acc = r.acceptance ? acceptanceSchema.safeParse(parse(r.acceptance, null)) : null;
  return {
    id: r.id,
    fingerprint: r.fingerprint,
    check: { id: r.check_id },
    asset: { id: r.asset_id, name: r.asset_name, hostnames: parse(r.asset_hostnames, []), ips: parse(r.asset_ips, []) },
    service: r.transport !== null && r.port !== null ? { transport: r.transport as 'tcp' | 'udp', port: Number(r.port) } : null,
    discriminator: r.discriminator === '' ? null : r.discriminator,
    verdict: r.verdict as Finding['verdict'],
    confidence: (r.confidence as Finding['confidence']) ?? null,
    severity: r.severity as Finding['severity'],
    title: r.title,
    summary: r.summary,
    status: r.status as FindingStatus,
    evidence: parse(r.evidence, []),
    transcript: parse(r.transcript, []),
    references: parse(r.refs, []),
    data: parse(r.data, {}),
    team: (r.team as Finding['team']) ?? null,
    assignee: r.assignee,
    dueAt: r.due_at,
    dueSource: (r.due_source as Finding['dueSource']) ?? null,
    acceptance: acc?.success ? acc.data : null,
    firstSeen: r.first_seen,
    lastSeen: r.last_seen,
    fixedAt: r.fixed_at,
    updatedAt: r.updated_at,
  };
}

export function findingToRow(f: Finding): FindingRow {
  return {
    id: f.id,
    fingerprint: f.fingerprint,
    check_id: f.check.id,
    asset_id: f.asset.id,
    asset_name: f.asset.name,
    asset_hostnames: JSON.stringify(f.asset.hostnames),
    asset_ips: JSON.stringify(f.asset.ips),
    transport: f.service?.transport ?? null,
    port: f.service?.port ?? null,
    discriminator: f.discriminator ?? '',
    verdict: f.verdict,
    confidence: f.confidence,
    severity: f.severity,
    title: f.title,
    summary: f.summary,
    status: f.status,
    evidence: JSON.stringify(f.evidence),
    transcript: JSON.stringify(f.transcript),
    refs: JSON.stringify(f.references),
    data: JSON.stringify(f.data),
    team: f.team,
    assignee: f.assignee,
    due_at: f.dueAt,
    due_source: f.dueSource,
    acceptance: f.acceptance ? JSON.stringify(f.acceptance) : null,
    first_seen: f.firstSeen,
    last_seen: f.lastSeen,
    fixed_at: f.fixedAt,
    updated_at: f.updatedAt,
  };
}

export interface FindingFilter {
  status?: FindingStatus[];
  assetId?: string;
  checkId?: string;
  checkIds?: string[];
  severity?: string[];
  team?: string;
}

export class FindingsRepo {
  constructor(private readonly db: Db) {}

  async byFingerprint(fp: string): Promise<Finding | null> {
    const r = await this.db.selectFrom('findings').selectAll().where('fingerprint', '=', fp).executeTakeFirst();
    return r ? rowToFinding(r) : null;
  }

  /** By id, or by a unique id prefix of at least 6 characters (what a person types). */
  async byId(id: string): Promise<Finding | null> {
    const exact = await this.db.selectFrom('findings').selectAll().where('id', '=', id).executeTakeFirst();
    if (exact) return rowToFinding(exact);
    if (id.length < 6 || !/^[0-9a-f]+$/.test(id)) return null;
    const rows = await this.db.selectFrom('findings').selectAll().where('id', 'like', `${id}%`).limit(2).execute();
    return rows.length === 1 && rows[0] ? rowToFinding(rows[0]) : null;
  }

  async list(f: FindingFilter = {}): Promise<Finding[]> {
    let q = this.db.selectFrom('findings').selectAll();
    if (f.status?.length) q = q.where('status', 'in', f.status);
    if (f.severity?.length) q = q.where('severity', 'in', f.severity);
    if (f.assetId) q = q.where('asset_id', '=', f.assetId);
    if (f.checkId) q = q.where('check_id', '=', f.checkId);
    if (f.checkIds?.length) q = q.where('check_id', 'in', f.checkIds);
    if (f.team) q = q.where('team', '=', f.team);
    const rows = await q.orderBy('asset_id').orderBy('check_id').orderBy('port').orderBy('discriminator').execute();
    return rows.map(rowToFinding);
  }

  async insert(f: Finding): Promise<void> {
    await this.db.insertInto('findings').values(findingToRow(f)).execute();
  }

  async update(f: Finding): Promise<void> {
    const { id, fingerprint: _fp, ...rest } = findingToRow(f);
    await this.db.updateTable('findings').set(rest).where('id', '=', id).execute();
  }

  async addEvent(e: Omit<FindingEvent, 'id'>): Promise<void> {
    await this.db
      .insertInto('finding_events')
      .values({
        finding_id: e.findingId,
        at: e.at,
        actor: e.actor,
        type: e.type,
        from_status: e.fromStatus,
        to_status: e.toStatus,
        details: JSON.stringify(e.details),
      })
      .execute();
  }

  async events(findingId: string): Promise<FindingEvent[]> {
    const rows = await this.db.selectFrom('finding_events').selectAll().where('finding_id', '=', findingId).orderBy('id').execute();
    return rows.map((r) => ({
      id: Number(r.id),
      findingId: r.finding_id,
      at: r.at,
      actor: r.actor,
      type: r.type as FindingEvent['type'],
      fromStatus: (r.from_status as FindingStatus | null) ?? null,
      toStatus: (r.to_status as FindingStatus | null) ?? null,
      details: parse(r.details, {}),
    }));
  }

  // --- check runs and latest results -------------------------------------------------------------

  async insertRun(r: { id: string; startedAt: string; profile: string; credentials: boolean; source: string }): Promise<void> {
    await this.db
      .insertInto('check_runs')
      .values({ id: r.id, started_at: r.startedAt, finished_at: null, profile: r.profile, credentials: r.credentials ? 1 : 0, source: r.source, summary: '{}' })
      .execute();
  }

  async finishRun(id: string, at: string, summary: Record<string, unknown>): Promise<void> {
    await this.db.updateTable('check_runs').set({ finished_at: at, summary: JSON.stringify(summary) }).where('id', '=', id).execute();
  }

  async results(scope: { checkId?: string; assetId?: string; assetIds?: string[]; checkIds?: string[]; port?: number | null }): Promise<CheckResultRow[]> {
    let q = this.db.selectFrom('check_results').selectAll();
    if (scope.checkId) q = q.where('check_id', '=', scope.checkId);
    if (scope.checkIds?.length) q = q.where('check_id', 'in', scope.checkIds);
    if (scope.assetId) q = q.where('asset_id', '=', scope.assetId);
    if (scope.assetIds?.length) q = q.where('asset_id', 'in', scope.assetIds);
    if (scope.port !== undefined) q = scope.port === null ? q.where('port', 'is', null) : q.where('port', '=', scope.port);
    return q.orderBy('asset_id').orderBy('check_id').orderBy('port').orderBy('discriminator').execute();
  }

  /** Replaces the latest results of one check on one asset/service with this run's. */
  async replaceResults(scope: { checkId: string; assetId: string; transport: string | null; port: number | null }, rows: CheckResultRow[]): Promise<void> {
    await this.db.transaction().execute(async (trx) => {
      let d = trx.deleteFrom('check_results').where('check_id', '=', scope.checkId).where('asset_id', '=', scope.assetId);
      d = scope.port === null ? d.where('port', 'is', null) : d.where('port', '=', scope.port).where('transport', '=', scope.transport);
      await d.execute();
      if (rows.length) await trx.insertInto('check_results').values(rows).execute();
    });
  }

  // --- miner expectations ------------------------------------------------------------------------

  async addExpectation(e: { assetId: string | null; wallet: string | null; pool: string | null; note: string | null; at: string }): Promise<void> {
    await this.db.insertInto('miner_expectations').values({ asset_id: e.assetId, wallet: e.wallet, pool: e.pool, note: e.note, created_at: e.at }).execute();
  }

  async expectations(): Promise<{ id: number; assetId: string | null; wallet: string | null; pool: string | null; note: string | null; createdAt: string }[]> {
    const rows = await this.db.selectFrom('miner_expectations').selectAll().orderBy('id').execute();
    return rows.map((r) => ({ id: Number(r.id), assetId: r.asset_id, wallet: r.wallet, pool: r.pool, note: r.note, createdAt: r.created_at }));
  }

  async removeExpectation(id: number): Promise<number> {
    const r = await this.db.deleteFrom('miner_expectations').where('id', '=', id).executeTakeFirst();
    return Number(r.numDeletedRows);
  }
}

/** Zone name → kind, for the checks' zone-dependent policies (zones belong to the inventory). */
export async function zoneKinds(db: Db): Promise<Map<string, 'IT' | 'OT' | 'DMZ'>> {
  const rows = await db.selectFrom('zones').select(['name', 'kind']).execute();
  return new Map(rows.map((r) => [r.name, r.kind as 'IT' | 'OT' | 'DMZ']));
}
