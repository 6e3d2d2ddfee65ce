// The Japanese PDF report, made by `mamori report` with Debian's chromium, really contains Japanese text:
// pdftotext (poppler-utils) must find the headings, and the demo plant fits in a few pages.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { openStore } from '../../../db/open.js';
import { seedReportData } from '../../../../test/support/report-fixture.js';
import { main } from '../../../cli/main.js';
import { CHROMIUM_PATH } from './pdf.js';

const missing = [CHROMIUM_PATH, '/usr/bin/pdftotext', '/usr/bin/pdfinfo'].filter((p) => !existsSync(p));
if (missing.length && !process.env.CI) console.error(`\n*** SKIPPING PDF report tests: missing ${missing.join(', ')} (apt-get install chromium fonts-noto-cjk poppler-utils) ***\n`);

test('mamori report --lang ja --format pdf renders Japanese headings in at most 3 pages', { skip: missing.length > 0 && !process.env.CI }, async (t) => {
  assert.deepEqual(missing, [], 'chromium and poppler-utils must be installed in CI');
  const home = mkdtempSync(join(tmpdir(), 'mamori-pdf-'));
  t.after(() => rmSync(home, { recursive: true, force: true }));
  const store = await openStore(`sqlite:${join(home, 'mamori.db')}`);
  await seedReportData(store, new Date());
  await store.close();
  const out = join(home, 'report.pdf');
  const err: string[] = [];
  const code = await main(['--home', home, 'report', '--lang', 'ja', '--format', 'pdf', '--tz', 'Asia/Tokyo', '-o', out], { out: () => {}, err: (s) => err.push(s), interactive: false });
  assert.equal(code, 0, err.join('\n'));
  assert.equal(readFileSync(out).subarray(0, 5).toString(), '%PDF-');
  const text = execFileSync('pdftotext', ['-layout', out, '-'], { encoding: 'utf8' });
  for (const h of ['セキュリティ状況報告', '露出状況の要約', '主なリスク', 'IT と OT の比較', '対応アクション（担当と期限）']) {
    assert.ok(text.includes(h), `PDF text lacks ${h}:\n${text.slice(0, 400)}`);
  }
  assert.ok(text.includes('Telnet'), 'finding titles are in the PDF');
  const pages = Number(/Pages:\s+(\d+)/.exec(execFileSync('pdfinfo', [out], { encoding: 'utf8' }))?.[1]);
  assert.ok(pages >= 1 && pages <= 3, `expected a short report, got ${pages} pages`);
  // (chromium embeds glyphs as Type 3 fonts, so pdffonts names no font; extracted text proves the mapping.)
});

test('mamori report --format html needs no browser and rejects bad options', async (t) => {
  const home = mkdtempSync(join(tmpdir(), 'mamori-html-'));
  t.after(() => rmSync(home, { recursive: true, force: true }));
  const out = join(home, 'r.html');
  const err: string[] = [];
  const io = { out: () => {}, err: (s: string) => err.push(s), interactive: false };
  assert.equal(await main(['--home', home, 'report', '--lang', 'en', '--format', 'html', '-o', out], { ...io }), 0, err.join('\n'));
  assert.match(readFileSync(out, 'utf8'), /Headline exposure/);
  assert.equal(await main(['--home', home, 'report', '--lang', 'fr'], io), 2);
  assert.match(err.join('\n'), /--lang must be ja or en, got "fr"/);
  assert.equal(await main(['--home', home, 'report', '--format', 'html', '--tz', 'Mars/Olympus', '-o', out], io), 2);
});
