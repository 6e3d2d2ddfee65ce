import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { loadCampaigns, parseCampaign } from './campaign-loader.js';
import { evaluateCampaign } from './evaluate.js';
import { assetFixture, serviceFixture } from '../checks/check-context.js';
import type { CheckResultRow } from '../db/repos/findings.repo.js';

test('the built-in campaigns load: wannacry, mirai, satori-coin-robber, shamoon', () => {
  const ids = loadCampaigns().map((c) => c.campaign.id);
  assert.deepEqual(ids, ['mirai', 'satori-coin-robber', 'shamoon', 'wannacry']);
});

test('a user campaign is added, and replaces a built-in with the same id', () => {
  const dir = mkdtempSync(join(tmpdir(), 'mamori-campaigns-'));
  writeFileSync(join(dir, 'rdp.json'), JSON.stringify({
    id: 'bluekeep', title: { en: 'BlueKeep', ja: 'BlueKeep' }, description: { en: 'RDP worm', ja: 'RDP ワーム' },
    cves: ['CVE-2019-0708'], ports: ['tcp/3389'], checks: ['unnecessary-ports'], verdicts: { exposed: [{ port: 'tcp/3389' }] },
  }));
  writeFileSync(join(dir, 'mirai.yaml'), 'id: mirai\ntitle: {en: Mine, ja: 私の}\ndescription: {en: x, ja: x}\nchecks: [unnecessary-ports]\nverdicts: {}\n');
  const all = loadCampaigns(dir);
  assert.deepEqual(all.map((c) => `${c.campaign.id}:${c.origin}`), ['bluekeep:user', 'mirai:user', 'satori-coin-robber:builtin', 'shamoon:builtin', 'wannacry:builtin']);
});

test('a malformed campaign is rejected naming the file, the line and the field', () => {
  const bad = 'id: broken\ntitle: {en: Broken, ja: 壊れた}\ndescription: {en: x, ja: x}\nports: [445]\nchecks: [no-such-check]\nverdicts: {}\n';
  assert.throws(() => parseCampaign('/home/u/.mamori/campaigns/broken.yaml', bad), (e: Error & { extra?: { problems?: unknown[] } }) => {
    assert.match(e.message, /broken\.yaml:4: campaign field \/ports\/0: /);
    return true;
  });
  assert.throws(() => parseCampaign('x.yaml', 'id: ok\ntitle: {en: a, ja: b}\ndescription: {en: a, ja: b}\nchecks: [no-such-check]\nverdicts: {}\n'), /x\.yaml:4: campaign field \/checks\/0: unknown check "no-such-check"/);
  assert.throws(() => parseCampaign('y.yaml', 'id: [unclosed\n'), /y\.yaml:\d+: not valid YAML/);
  assert.throws(() => parseCampaign('z.json', '{"id":"z","title":{"en":"a","ja":"b"},"description":{"en":"a","ja":"b"},"checks":["smbv1-enabled"],"verdicts":{},"typo":1}'), /z\.json:1: campaign field \/: Unrecognized key: "typo"|typo/);
});

const row = (assetId: string, checkId: string, verdict: string, over: Partial<CheckResultRow> = {}): CheckResultRow => ({
  key: `${assetId}-${checkId}-${over.discriminator ?? ''}`, run_id: 'r', check_id: checkId, asset_id: assetId, transport: 'tcp', port: 445, discriminator: '',
  verdict, reason: verdict === 'unknown' ? 'timeout' : null, severity: null, summary: verdict, evidence: '[]', transcript: '[]', data: '{}', at: '2026-01-01T00:00:00Z', ...over,
});

test('evaluation: precedence, accepted → mitigated, gaps → unknown, never clean for network-only campaigns', () => {
  const byId = (id: string) => loadCampaigns().find((c) => c.campaign.id === id)!.campaign;
  const wannacry = byId('wannacry');
  const shamoon = byId('shamoon');
  const smb = [serviceFixture({ port: 445, service: 'smb' })];
  const assets = ['inf', 'vuln', 'acc', 'gap', 'off', 'plc'].map((id) => assetFixture({ id, name: id, services: id === 'plc' ? [serviceFixture({ port: 502 })] : smb }));
  const results = [
    row('inf', 'doublepulsar-implant', 'infected'), row('inf', 'ms17-010', 'exploitable'),
    row('vuln', 'ms17-010', 'exploitable'), row('vuln', 'smbv1-enabled', 'exposed'),
    row('acc', 'ms17-010', 'exploitable'),
    row('gap', 'ms17-010', 'unknown'), row('gap', 'smbv1-enabled', 'not-affected'),
    row('off', 'smbv1-enabled', 'not-affected'), row('off', 'ms17-010', 'not-affected'), row('off', 'doublepulsar-implant', 'not-affected'),
  ];
  const accepted = new Map([['acc-ms17-010-', { status: 'accepted' as const, acceptance: { control: 'cell firewall blocks 445', approver: 'x', expiresAt: '2027-01-01', reason: null, acceptedAt: '2026-01-01' } }]]);
  const r = evaluateCampaign(wannacry, assets, results, accepted);
  assert.deepEqual(Object.fromEntries(r.assets.map((a) => [a.asset.id, a.verdict])), { inf: 'infected', vuln: 'exploitable', acc: 'mitigated', gap: 'unknown', off: 'not-affected', plc: 'not-affected' });
  assert.match(r.summaries.infected ?? '', /^1 host\(s\) answer the DoublePulsar ping/);
  const ja = evaluateCampaign(wannacry, assets, results, accepted, 'ja');
  assert.match(ja.campaign.title, /ランサムウェア/);
  assert.match(ja.summaries.infected ?? '', /^1 台が DoublePulsar に応答/);
  assert.match(ja.summaries.unknown ?? '', /カバレッジの穴/);
  const s = evaluateCampaign(shamoon, assets, []);
  assert.deepEqual([...new Set(s.assets.map((a) => a.verdict))].sort(), ['exposed', 'unknown']);
  assert.equal(s.counts['not-affected'], 0, 'Shamoon never reports a host clean');
});
