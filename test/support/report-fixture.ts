// Demo data for report and dashboard tests: the demo factory inventory plus a handful of findings with
// owners and due dates, as the checks would have written them.
import type { Store } from '../../src/db/open.js';
import { loadDemoInventory } from '../../src/services/demo.service.js';
import { InventoryService } from '../../src/services/inventory.service.js';
import { FindingsRepo } from '../../src/db/repos/findings.repo.js';
import type { Finding } from '../../src/findings/finding.js';
import type { Asset } from '../../src/core/asset.js';

export const FIXED_NOW = new Date('2026-06-01T03:00:00.000Z');

export async function seedReportData(store: Store, now = FIXED_NOW): Promise<{ assets: number; findings: number }> {
  const earlier = () => new Date(now.getTime() - 30 * 86_400_000);
  const assets = await loadDemoInventory(store, earlier);
  const inv = new InventoryService(store);
  const items = await inv.list({ limit: 1000 });
  const pick = (pred: (a: Asset) => boolean) => items.filter(pred);
  const repo = new FindingsRepo(store.db);
  let n = 0;
  const add = async (a: Asset, f: Omit<Partial<Finding>, 'check'> & Pick<Finding, 'severity' | 'title'> & { check: string; daysAgo: number }) => {
    const first = new Date(now.getTime() - f.daysAgo * 86_400_000).toISOString();
    n++;
    await repo.insert({
      id: `f-${String(n).padStart(3, '0')}`,
      fingerprint: `fp-${n}`,
      check: { id: f.check },
      asset: { id: a.id, name: a.name, hostnames: a.hostnames, ips: a.ips },
      service: f.service ?? null,
      discriminator: null,
      verdict: f.verdict ?? 'exposed',
      confidence: 'confirmed',
      severity: f.severity,
      title: f.title,
      summary: f.summary ?? f.title,
      status: f.status ?? 'open',
      evidence: [],
      transcript: [],
      references: [],
      data: {},
      team: f.team ?? (a.class === 'ot' ? 'OT' : 'IT'),
      assignee: f.assignee ?? null,
      dueAt: f.dueAt ?? null,
      dueSource: f.dueSource ?? null,
      acceptance: null,
      firstSeen: first,
      lastSeen: now.toISOString(),
      fixedAt: f.fixedAt ?? null,
      updatedAt: now.toISOString(),
    });
  };
  const inDays = (d: number) => new Date(now.getTime() + d * 86_400_000).toISOString();
  for (const a of pick((x) => x.os?.name === 'Windows 7')) {
    await add(a, { check: 'end-of-life', severity: 'high', title: 'Operating system past end of support', daysAgo: 20, assignee: '情報システム部 佐藤', dueAt: inDays(14), dueSource: 'sla' });
  }
  for (const a of pick((x) => x.services.some((s) => s.port === 23)).slice(0, 3)) {
    await add(a, { check: 'telnet-cleartext', severity: 'critical', title: 'Telnet accepts logins in clear text', daysAgo: 10, dueAt: inDays(-2), dueSource: 'kev', service: { transport: 'tcp', port: 23 } });
  }
  for (const a of pick((x) => x.class === 'ot').slice(0, 2)) {
    await add(a, { check: 'unnecessary-ports', severity: 'medium', title: 'Service not needed in this zone', daysAgo: 40, team: 'OT', dueAt: inDays(30), dueSource: 'sla' });
  }
  const fixedOne = pick((x) => x.class === 'it')[0];
  if (fixedOne) await add(fixedOne, { check: 'smbv1-enabled', severity: 'high', title: 'SMBv1 enabled', daysAgo: 50, status: 'fixed', fixedAt: new Date(now.getTime() - 20 * 86_400_000).toISOString() });
  return { assets, findings: n };
}
