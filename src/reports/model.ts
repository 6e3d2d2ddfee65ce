// ReportModel: plain data for the executive report and the dashboard overview, built from the store.
// This is the only DB-aware report code; renderers never query. Tables owned by other areas (findings,
// advisories) are read only when they exist, and the model says so (null) when they do not, so the
// report shows "not assessed" instead of a false "zero".
import type { Kysely } from 'kysely';
import type { Database } from '../db/schema.js';
import type { Store } from '../db/open.js';
import { SEVERITIES, type Severity } from '../core/vocabulary.js';
import { checkById } from '../checks/index.js';
import { ALL_SITES, type SiteScope } from '../auth/site-scope.js';
import { advisoryImpacts, campaignImpacts } from './threats.js';

export type ReportLang = 'ja' | 'en';
export const REPORT_LANGS = ['ja', 'en'] as const;

export interface CountBy {
  key: string | null;
  count: number;
}

export interface SegmentStats {
  assets: number;
  openFindings: number;
  critical: number;
  high: number;
}

export interface TopRisk {
  checkId: string;
  title: string;
  severity: Severity;
  assets: number;
  findings: number;
  examples: string[];
  remediation: string | null;
  kev: boolean;
}

export interface ReportAction {
  title: string;
  severity: Severity;
  owner: string | null;
  dueAt: string | null;
  overdue: boolean;
  assets: number;
}

export interface AdvisoryImpact {
  id: string;
  title: string;
  kev: boolean;
  affectedAssets: number;
}

export interface CampaignImpact {
  id: string;
  title: string;
  infected: number;
  exploitable: number;
  exposed: number;
  /** One line per verdict that occurs, in the report's language. */
  summary: string | null;
}

export interface ReportModel {
  meta: { title: string; generatedAt: string; lang: ReportLang; sites: string[] | null; period: { from: string; to: string } };
  headline: {
    assets: number;
    /** Assets with at least one open high/critical finding. null = findings not assessed. */
    exposedAssets: number | null;
    openFindings: number | null;
    bySeverity: Record<Severity, number> | null;
    kevAssets: number | null;
    overdueActions: number | null;
  };
  assetsByClass: CountBy[];
  assetsByZone: CountBy[];
  assetsBySite: CountBy[];
  segments: Record<'it' | 'ot' | 'iot' | 'miner' | 'unknown', SegmentStats>;
  /** Weekly points, oldest first: open findings and known assets at each week's end. */
  trend: { weekEnd: string; openFindings: number; assets: number }[];
  topRisks: TopRisk[];
  advisories: AdvisoryImpact[] | null;
  /** Threat campaigns (WannaCry, Mirai, ...) with at least one infected, exploitable or exposed device. */
  campaigns: CampaignImpact[];
  actions: ReportAction[];
  coverage: string[];
}

export interface ReportOptions {
  lang: ReportLang;
  scope?: SiteScope;
  /** Extra ?site= narrowing on top of the scope. */
  sites?: string[] | null;
  now?: Date;
  weeks?: number;
  topN?: number;
  /** MAMORI_HOME/campaigns (user campaigns next to the built-in ones). */
  campaignsDir?: string;
}

const OPEN = ['open', 'reopened'];
const DAY = 86_400_000;

async function tableNames(db: Kysely<Database>): Promise<Set<string>> {
  const tables = await db.introspection.getTables();
  return new Set(tables.map((t) => t.name));
}

export async function buildReportModel(store: Store, opts: ReportOptions): Promise<ReportModel> {
  const db = store.db;
  const now = opts.now ?? new Date();
  const scope = opts.scope ?? ALL_SITES;
  const sites = effectiveSites(scope, opts.sites ?? null);
  const tables = await tableNames(db);
  let assetQuery = db.selectFrom('assets').select(['id', 'name', 'class', 'zone', 'site', 'first_seen', 'hostnames', 'ips']);
  // An empty site list must match nothing (a scoped user with no site sees nothing), never everything.
  if (sites !== null) assetQuery = assetQuery.where('site', 'in', sites.length ? sites : ['\u0000']);
  const assetRows = await assetQuery.execute();
  const assetById = new Map(assetRows.map((a) => [a.id, a]));
  const countBy = (key: 'class' | 'zone' | 'site'): CountBy[] => {
    const m = new Map<string | null, number>();
    for (const a of assetRows) m.set(a[key], (m.get(a[key]) ?? 0) + 1);
    return [...m].map(([k, count]) => ({ key: k, count })).sort((x, y) => y.count - x.count || String(x.key).localeCompare(String(y.key)));
  };
  const segKey = (c: string | null) => (c === 'it' || c === 'ot' || c === 'iot' || c === 'miner' ? c : 'unknown');
  const segments = Object.fromEntries(['it', 'ot', 'iot', 'miner', 'unknown'].map((k) => [k, { assets: 0, openFindings: 0, critical: 0, high: 0 }])) as ReportModel['segments'];
  for (const a of assetRows) segments[segKey(a.class)].assets++;

  const weeks = opts.weeks ?? 8;
  const weekEnds = Array.from({ length: weeks }, (_, i) => new Date(now.getTime() - (weeks - 1 - i) * 7 * DAY).toISOString());
  const coverage: string[] = [];
  let headlineFindings: Pick<ReportModel['headline'], 'exposedAssets' | 'openFindings' | 'bySeverity' | 'kevAssets' | 'overdueActions'> = {
    exposedAssets: null, openFindings: null, bySeverity: null, kevAssets: null, overdueActions: null,
  };
  let trend = weekEnds.map((w) => ({ weekEnd: w, openFindings: 0, assets: assetRows.filter((a) => a.first_seen <= w).length }));
  let topRisks: TopRisk[] = [];
  let actions: ReportAction[] = [];
  let kevFromFindings: string[] = [];
  let exposedFromFindings: string[] = [];

  if (tables.has('findings')) {
    const rows = (await db
      .selectFrom('findings')
      .select(['id', 'check_id', 'asset_id', 'asset_name', 'severity', 'title', 'status', 'team', 'assignee', 'due_at', 'due_source', 'first_seen', 'fixed_at', 'refs'])
      .execute()).filter((f) => assetById.has(f.asset_id));
    const open = rows.filter((f) => OPEN.includes(f.status));
    const bySeverity = Object.fromEntries(SEVERITIES.map((s) => [s, 0])) as Record<Severity, number>;
    const exposed = new Set<string>();
    const kevAssets = new Set<string>();
    const nowIso = now.toISOString();
    for (const f of open) {
      const sev = asSeverity(f.severity);
      bySeverity[sev]++;
      const seg = segments[segKey(assetById.get(f.asset_id)?.class ?? null)];
      seg.openFindings++;
      if (sev === 'critical') seg.critical++;
      if (sev === 'high') seg.high++;
      if (sev === 'critical' || sev === 'high') exposed.add(f.asset_id);
      if (f.due_source === 'kev') kevAssets.add(f.asset_id);
    }
    kevFromFindings = [...kevAssets];
    exposedFromFindings = [...exposed];
    headlineFindings = {
      exposedAssets: exposed.size,
      openFindings: open.length,
      bySeverity,
      kevAssets: kevAssets.size,
      overdueActions: open.filter((f) => f.due_at !== null && f.due_at < nowIso).length,
    };
    trend = weekEnds.map((w) => ({
      weekEnd: w,
      assets: assetRows.filter((a) => a.first_seen <= w).length,
      openFindings: rows.filter((f) => f.first_seen <= w && (f.fixed_at === null || f.fixed_at > w) && f.status !== 'accepted').length,
    }));
    topRisks = groupRisks(open, assetById, opts.lang).slice(0, opts.topN ?? 5);
    actions = groupActions(open, opts.lang, nowIso).slice(0, 10);
    if (rows.length === 0) coverage.push(opts.lang === 'ja' ? 'まだチェック結果がありません（mamori scan --checks を実行してください）。' : 'No check results yet (run mamori scan --checks).');
  } else {
    coverage.push(opts.lang === 'ja' ? '脆弱性・設定チェックはまだ評価されていません。' : 'Exposure checks have not been assessed yet.');
  }
  const adv = await advisoryImpacts(store, tables, assetById);
  if (adv) {
    // Affected by an advisory counts as a serious issue too; KEV from either source.
    const kev = new Set([...adv.kevAssets, ...kevFromFindings]);
    const exposed = new Set([...adv.affectedAssets, ...exposedFromFindings]);
    headlineFindings = { ...headlineFindings, kevAssets: kev.size, exposedAssets: exposed.size };
  }
  if (!adv) {
    coverage.push(opts.lang === 'ja' ? 'アドバイザリ（CSAF/NVD/KEV/JVN）はまだ取り込まれていません。' : 'No advisories (CSAF/NVD/KEV/JVN) have been imported yet.');
  }
  const unknownClass = segments.unknown.assets;
  if (unknownClass) coverage.push(opts.lang === 'ja' ? `${unknownClass} 台の機器は種別（IT/OT）が未分類です。` : `${unknownClass} devices are not yet classified as IT or OT.`);

  return {
    meta: {
      title: opts.lang === 'ja' ? 'セキュリティ状況報告' : 'Security posture report',
      generatedAt: now.toISOString(),
      lang: opts.lang,
      sites,
      period: { from: weekEnds[0]!, to: now.toISOString() },
    },
    headline: { assets: assetRows.length, ...headlineFindings },
    assetsByClass: countBy('class'),
    assetsByZone: countBy('zone'),
    assetsBySite: countBy('site'),
    segments,
    trend,
    topRisks,
    advisories: adv ? adv.list : null,
    campaigns: await campaignImpacts(store, tables, sites, opts),
    actions,
    coverage,
  };
}

/** Scope ∩ requested sites; null = every site. */
function effectiveSites(scope: SiteScope, requested: string[] | null): string[] | null {
  if (scope.all) return requested && requested.length ? [...requested].sort() : null;
  const allowed = [...scope.sites];
  return (requested && requested.length ? requested.filter((s) => allowed.includes(s)) : allowed).sort();
}

const asSeverity = (s: string): Severity => ((SEVERITIES as readonly string[]).includes(s) ? (s as Severity) : 'medium');
const sevRank = (s: Severity) => SEVERITIES.indexOf(s);

interface OpenRow {
  check_id: string;
  asset_id: string;
  asset_name: string | null;
  severity: string;
  title: string;
  team: string | null;
  assignee: string | null;
  due_at: string | null;
  due_source: string | null;
}

function checkText(checkId: string, lang: ReportLang, fallback: string): { title: string; remediation: string | null } {
  const c = checkById(checkId);
  return { title: c?.title[lang] ?? fallback, remediation: c?.remediation[lang] ?? null };
}

function groupRisks(open: OpenRow[], assets: Map<string, { name: string | null; hostnames: string; ips: string }>, lang: ReportLang): TopRisk[] {
  const groups = new Map<string, OpenRow[]>();
  for (const f of open) groups.set(f.check_id, [...(groups.get(f.check_id) ?? []), f]);
  const risks: TopRisk[] = [];
  for (const [checkId, list] of groups) {
    const severity = list.map((f) => asSeverity(f.severity)).reduce((a, b) => (sevRank(b) > sevRank(a) ? b : a));
    const assetIds = [...new Set(list.map((f) => f.asset_id))];
    const text = checkText(checkId, lang, list[0]!.title);
    risks.push({
      checkId,
      title: text.title,
      severity,
      assets: assetIds.length,
      findings: list.length,
      examples: assetIds.slice(0, 3).map((id) => label(assets.get(id), list.find((f) => f.asset_id === id)?.asset_name ?? id)).sort(),
      remediation: text.remediation,
      kev: list.some((f) => f.due_source === 'kev'),
    });
  }
  return risks.sort((a, b) => Number(b.kev) - Number(a.kev) || sevRank(b.severity) - sevRank(a.severity) || b.assets - a.assets || a.checkId.localeCompare(b.checkId));
}

function label(a: { name: string | null; hostnames: string; ips: string } | undefined, fallback: string): string {
  if (!a) return fallback;
  const first = (json: string) => {
    try {
      const v = JSON.parse(json) as unknown;
      return Array.isArray(v) && typeof v[0] === 'string' ? v[0] : null;
    } catch {
      return null;
    }
  };
  return a.name ?? first(a.hostnames) ?? first(a.ips) ?? fallback;
}

function groupActions(open: OpenRow[], lang: ReportLang, nowIso: string): ReportAction[] {
  const groups = new Map<string, OpenRow[]>();
  for (const f of open) {
    const owner = f.assignee ?? f.team ?? null;
    const key = `${f.check_id}\u0000${owner ?? ''}`;
    groups.set(key, [...(groups.get(key) ?? []), f]);
  }
  const out: ReportAction[] = [];
  for (const list of groups.values()) {
    const first = list[0]!;
    const due = list.map((f) => f.due_at).filter((d): d is string => d !== null).sort()[0] ?? null;
    const text = checkText(first.check_id, lang, first.title);
    out.push({
      title: text.remediation ?? text.title,
      severity: list.map((f) => asSeverity(f.severity)).reduce((a, b) => (sevRank(b) > sevRank(a) ? b : a)),
      owner: first.assignee ?? first.team ?? null,
      dueAt: due,
      overdue: due !== null && due < nowIso,
      assets: new Set(list.map((f) => f.asset_id)).size,
    });
  }
  return out.sort((a, b) => (a.dueAt ?? '9999').localeCompare(b.dueAt ?? '9999') || sevRank(b.severity) - sevRank(a.severity) || a.title.localeCompare(b.title));
}
