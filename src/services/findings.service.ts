// The findings lifecycle (use-cases shared by CLI, API and the check runner):
//   open → fixed (automatically, when a re-check passes or the service is gone) → reopened (when it is back);
//   accepted (risk acceptance with compensating control, approver, expiry) stays accepted until it expires;
//   every transition and every manual action goes to the audit trail (finding_events).
import type { Store } from '../db/open.js';
import { MamoriError } from '../core/errors.js';
import { FindingsRepo, type FindingFilter } from '../db/repos/findings.repo.js';
import {
  fingerprint,
  type Finding,
  type FindingEvent,
  type FindingStatus,
  type Team,
  teamSchema,
} from '../findings/finding.js';
import { dueDateFor, noKev, type KevLookup } from '../findings/kev.js';

export interface ObservedProblem {
  checkId: string;
  asset: Finding['asset'];
  service: Finding['service'];
  discriminator: string | null;
  verdict: Finding['verdict'];
  confidence: Finding['confidence'];
  severity: Finding['severity'];
  title: string;
  summary: string;
  evidence: Finding['evidence'];
  transcript: Finding['transcript'];
  references: string[];
  data: Record<string, unknown>;
}

export interface ObserveScope {
  checkId: string;
  asset: Finding['asset'];
  service: Finding['service'];
}

export interface ObserveCounts {
  opened: number;
  reopened: number;
  fixed: number;
  updated: number;
}

export interface FindingsServiceOptions {
  now?: () => Date;
  kev?: KevLookup;
}

const ACTIVE: FindingStatus[] = ['open', 'reopened', 'accepted'];
const isoDate = /^\d{4}-\d{2}-\d{2}(T[\d:.]+Z)?$/;

export class FindingsService {
  readonly repo: FindingsRepo;
  private readonly now: () => Date;
  private readonly kev: KevLookup;

  constructor(store: Store, opts: FindingsServiceOptions = {}) {
    this.repo = new FindingsRepo(store.db);
    this.now = opts.now ?? (() => new Date());
    this.kev = opts.kev ?? noKev;
  }

  /**
   * Records what one check concluded for one asset/service. `problems` are this run's problem verdicts;
   * `complete` is false when any result was 'unknown', in which case nothing is closed (an unknown is a
   * coverage gap, never a pass).
   */
  async observe(scope: ObserveScope, problems: ObservedProblem[], complete: boolean): Promise<ObserveCounts> {
    const counts: ObserveCounts = { opened: 0, reopened: 0, fixed: 0, updated: 0 };
    const at = this.now().toISOString();
    const seen = new Set<string>();
    for (const p of problems) {
      const fp = fingerprint({ checkId: p.checkId, assetId: p.asset.id, service: p.service, discriminator: p.discriminator });
      seen.add(fp);
      const existing = await this.repo.byFingerprint(fp);
      if (!existing) {
        const due = dueDateFor(p.references, p.severity, this.now(), this.kev);
        const f: Finding = {
          id: fp.slice(0, 12),
          fingerprint: fp,
          check: { id: p.checkId },
          asset: p.asset,
          service: p.service,
          discriminator: p.discriminator,
          verdict: p.verdict,
          confidence: p.confidence,
          severity: p.severity,
          title: p.title,
          summary: p.summary,
          status: 'open',
          evidence: p.evidence,
          transcript: p.transcript,
          references: p.references,
          data: p.data,
          team: null,
          assignee: null,
          dueAt: due.dueAt,
          dueSource: due.dueSource,
          acceptance: null,
          firstSeen: at,
          lastSeen: at,
          fixedAt: null,
          updatedAt: at,
        };
        await this.repo.insert(f);
        await this.event(f.id, 'system', 'opened', null, 'open', { verdict: p.verdict, summary: p.summary });
        counts.opened++;
        continue;
      }
      let status = existing.status;
      const next: Finding = {
        ...existing,
        asset: p.asset,
        verdict: p.verdict,
        confidence: p.confidence,
        severity: p.severity,
        title: p.title,
        summary: p.summary,
        evidence: p.evidence,
        transcript: p.transcript,
        references: p.references,
        data: p.data,
        lastSeen: at,
        updatedAt: at,
      };
      if (status === 'fixed') {
        next.status = 'reopened';
        next.fixedAt = null;
        await this.repo.update(next);
        await this.event(existing.id, 'system', 'reopened', status, 'reopened', { reason: 'seen again', verdict: p.verdict });
        counts.reopened++;
        continue;
      }
      if (status === 'accepted' && existing.acceptance && existing.acceptance.expiresAt <= at) {
        next.status = 'reopened';
        await this.repo.update(next);
        await this.event(existing.id, 'system', 'acceptance-expired', status, 'reopened', { expiresAt: existing.acceptance.expiresAt });
        counts.reopened++;
        status = 'reopened';
        continue;
      }
      await this.repo.update(next);
      if (existing.verdict !== p.verdict || existing.severity !== p.severity) {
        await this.event(existing.id, 'system', 'updated', status, status, { verdict: [existing.verdict, p.verdict], severity: [existing.severity, p.severity] });
        counts.updated++;
      }
    }
    if (complete) {
      const active = await this.repo.list({ assetId: scope.asset.id, checkId: scope.checkId, status: ACTIVE });
      for (const f of active) {
        if (seen.has(f.fingerprint)) continue;
        if (scope.service && !sameService(f.service, scope.service)) continue;
        await this.fix(f, 'check passed');
        counts.fixed++;
      }
    }
    return counts;
  }

  /** A service that is no longer in the inventory cannot be exposed: its findings of these checks are fixed. */
  async closeForGoneServices(assetId: string, checkIds: string[], liveServiceKeys: Set<string>): Promise<number> {
    if (!checkIds.length) return 0;
    const active = await this.repo.list({ assetId, checkIds, status: ACTIVE });
    let n = 0;
    for (const f of active) {
      if (!f.service) continue;
      if (liveServiceKeys.has(`${f.service.transport}/${f.service.port}`)) continue;
      await this.fix(f, 'service no longer present');
      n++;
    }
    return n;
  }

  async list(filter: FindingFilter = {}): Promise<Finding[]> {
    await this.expireAcceptances();
    return this.repo.list(filter);
  }

  async get(id: string): Promise<{ finding: Finding; events: FindingEvent[] }> {
    await this.expireAcceptances();
    const finding = await this.require(id);
    return { finding, events: await this.repo.events(finding.id) };
  }

  async assign(id: string, input: { team: string; assignee?: string | null; due?: string | null; actor: string }): Promise<Finding> {
    const f = await this.require(id);
    const team = teamSchema.safeParse(input.team);
    if (!team.success) throw new MamoriError('E_INPUT_INVALID', `team must be IT or OT, got ${JSON.stringify(input.team)}`, { location: { column: 'team' } });
    let dueAt: string;
    let dueSource: Finding['dueSource'];
    if (input.due) {
      if (!isoDate.test(input.due) || Number.isNaN(Date.parse(input.due))) {
        throw new MamoriError('E_INPUT_INVALID', `due must be a date YYYY-MM-DD, got ${JSON.stringify(input.due)}`, { location: { column: 'due' } });
      }
      dueAt = input.due;
      dueSource = 'manual';
    } else {
      const d = dueDateFor(f.references, f.severity, new Date(f.firstSeen), this.kev);
      dueAt = d.dueAt;
      dueSource = d.dueSource;
    }
    const at = this.now().toISOString();
    const next: Finding = { ...f, team: team.data as Team, assignee: input.assignee ?? f.assignee, dueAt, dueSource, updatedAt: at };
    await this.repo.update(next);
    await this.event(f.id, input.actor, 'assigned', f.status, f.status, { team: next.team, assignee: next.assignee, dueAt, dueSource });
    return next;
  }

  async accept(id: string, input: { control: string; approver: string; expiresAt: string; reason?: string | null; actor: string }): Promise<Finding> {
    const f = await this.require(id);
    const problems: { column: string; message: string }[] = [];
    if (!input.control?.trim()) problems.push({ column: 'control', message: 'a compensating control is required' });
    if (!input.approver?.trim()) problems.push({ column: 'approver', message: 'an approver is required' });
    const at = this.now().toISOString();
    if (!input.expiresAt || !isoDate.test(input.expiresAt) || Number.isNaN(Date.parse(input.expiresAt))) {
      problems.push({ column: 'expires', message: `expiry must be a date YYYY-MM-DD, got ${JSON.stringify(input.expiresAt)}` });
    } else if (new Date(input.expiresAt).toISOString() <= at) {
      problems.push({ column: 'expires', message: `expiry ${input.expiresAt} is not in the future` });
    }
    if (problems.length) {
      throw new MamoriError('E_INPUT_INVALID', `cannot accept finding ${f.id}: ${problems.map((p) => `${p.column}: ${p.message}`).join('; ')}`, { problems });
    }
    if (f.status === 'fixed') throw new MamoriError('E_CONFLICT', `finding ${f.id} is fixed; there is no risk left to accept`);
    const expiresAt = new Date(input.expiresAt).toISOString();
    const acceptance = { control: input.control.trim(), approver: input.approver.trim(), expiresAt, reason: input.reason ?? null, acceptedAt: at };
    const next: Finding = { ...f, status: 'accepted', acceptance, updatedAt: at };
    await this.repo.update(next);
    await this.event(f.id, input.actor, 'accepted', f.status, 'accepted', acceptance);
    return next;
  }

  async reopen(id: string, input: { reason?: string | null; actor: string }): Promise<Finding> {
    const f = await this.require(id);
    if (f.status === 'open' || f.status === 'reopened') throw new MamoriError('E_CONFLICT', `finding ${f.id} is already ${f.status}`);
    const at = this.now().toISOString();
    const next: Finding = { ...f, status: 'reopened', fixedAt: null, acceptance: null, updatedAt: at };
    await this.repo.update(next);
    await this.event(f.id, input.actor, 'reopened', f.status, 'reopened', { reason: input.reason ?? null });
    return next;
  }

  /** Accepted findings whose acceptance has run out go back to work. */
  async expireAcceptances(): Promise<number> {
    const at = this.now().toISOString();
    const accepted = await this.repo.list({ status: ['accepted'] });
    let n = 0;
    for (const f of accepted) {
      if (!f.acceptance || f.acceptance.expiresAt > at) continue;
      await this.repo.update({ ...f, status: 'reopened', updatedAt: at });
      await this.event(f.id, 'system', 'acceptance-expired', 'accepted', 'reopened', { expiresAt: f.acceptance.expiresAt });
      n++;
    }
    return n;
  }

  private async fix(f: Finding, reason: string): Promise<void> {
    const at = this.now().toISOString();
    await this.repo.update({ ...f, status: 'fixed', fixedAt: at, updatedAt: at });
    await this.event(f.id, 'system', 'fixed', f.status, 'fixed', { reason });
  }

  private async require(id: string): Promise<Finding> {
    const f = await this.repo.byId(id);
    if (!f) throw new MamoriError('E_NOT_FOUND', `no finding ${JSON.stringify(id)}`);
    return f;
  }

  private async event(findingId: string, actor: string, type: FindingEvent['type'], from: FindingStatus | null, to: FindingStatus | null, details: Record<string, unknown>) {
    await this.repo.addEvent({ findingId, at: this.now().toISOString(), actor, type, fromStatus: from, toStatus: to, details });
  }
}

const sameService = (a: Finding['service'], b: Finding['service']) =>
  a === null ? b === null : b !== null && a.transport === b.transport && a.port === b.port;
