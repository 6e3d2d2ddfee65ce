import { test } from 'node:test';
import assert from 'node:assert/strict';
import { openStore } from '../../../db/open.js';
import { FIXED_NOW, seedReportData } from '../../../../test/support/report-fixture.js';
import { buildReportModel, type ReportModel } from '../../model.js';
import { htmlRenderer } from './html.renderer.js';

async function model(lang: 'ja' | 'en'): Promise<ReportModel> {
  const store = await openStore('sqlite::memory:');
  try {
    await seedReportData(store);
    return await buildReportModel(store, { lang, now: FIXED_NOW });
  } finally {
    await store.close();
  }
}

test('Japanese and English reports carry the same sections, self-contained', async () => {
  const ja = htmlRenderer.render(await model('ja'), { timeZone: 'Asia/Tokyo' }) as string;
  const en = htmlRenderer.render(await model('en'), { timeZone: 'UTC' }) as string;
  for (const h of ['露出状況の要約', '推移（過去8週間）', '主なリスク', 'IT と OT の比較', '当社に影響するアドバイザリとキャンペーン', '対応アクション（担当と期限）']) assert.ok(ja.includes(h), h);
  for (const h of ['Headline exposure', 'Trend (last 8 weeks)', 'Top risks in plain language', 'IT vs OT', 'Advisories and campaigns that affect us', 'Actions with owners and due dates']) assert.ok(en.includes(h), h);
  assert.match(ja, /<html lang="ja">/);
  assert.match(ja, /Mirai（Telnet の初期パスワードで感染する IoT ボットネット）：攻撃経路上に露出 \d+ 台/);
  assert.match(en, /Mirai \(IoT botnet via Telnet default passwords\): \d+ exposed on the attack path/);
  assert.match(ja, /2026年6月1日 12:00 JST/, 'dates localized and in the requested zone');
  assert.ok((ja.match(/<svg /g) ?? []).length >= 3, 'inline SVG charts');
  for (const html of [ja, en]) {
    assert.doesNotMatch(html, /<script|<link |src="http|href="http|@import/i, 'no scripts or external resources');
  }
});

test('deterministic: same model, same bytes', async () => {
  const m = await model('en');
  assert.equal(htmlRenderer.render(m, { timeZone: 'UTC' }), htmlRenderer.render(structuredClone(m), { timeZone: 'UTC' }));
});

test('hostile names from devices are escaped', async () => {
  const m = await model('en');
  m.topRisks = [{ checkId: 'x', title: '<img src=x onerror=alert(1)>', severity: 'high', assets: 1, findings: 1, examples: ['"><script>alert(2)</script>'], remediation: null, kev: false }];
  m.assetsByClass = [{ key: '<b>evil</b>', count: 1 }];
  const html = htmlRenderer.render(m, { timeZone: 'UTC' }) as string;
  assert.doesNotMatch(html, /<img src=x|<script>|<b>evil/);
  assert.match(html, /&lt;img src=x onerror=alert\(1\)&gt;/);
});
