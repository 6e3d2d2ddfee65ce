// End to end: the real `mamori serve` (child process, loopback, port 0) driven by Debian's chromium through
// playwright-core. First-run setup with the printed token, login, CSV import, inventory search, a device,
// "are we affected?", the language switch, the executive report; a screenshot of every page in both
// languages goes to test-results/e2e/ (CI artifacts, not committed).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readdirSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { BrowserContext, Page } from 'playwright-core';
import { openStore } from '../../src/db/open.js';
import { seedReportData } from '../support/report-fixture.js';
import { CHROMIUM_ARGS, CHROMIUM_PATH } from '../../src/reports/renderers/pdf/pdf.js';

// Browser globals used inside page.waitForFunction/evaluate callbacks (they run in chromium, not Node).
declare const document: { querySelector(s: string): { textContent: string | null } | null; querySelectorAll(s: string): { length: number }; documentElement: { lang: string } };
declare const location: { hash: string };

const root = join(dirname(fileURLToPath(import.meta.url)), '../..');
const shots = join(root, 'test-results', 'e2e');
const PASSWORD = 'e2e plant passphrase 7';

const missing = [CHROMIUM_PATH].filter((p) => !existsSync(p));
if (missing.length && !process.env.CI) console.error(`\n*** SKIPPING dashboard e2e: missing ${missing.join(', ')} (apt-get install chromium fonts-noto-cjk) ***\n`);

/** Builds web/dist when it is missing or older than any source file of the dashboard. */
function ensureWebBuilt(): void {
  const built = join(root, 'web/dist/index.html');
  const newest = (dir: string): number =>
    readdirSync(dir, { withFileTypes: true }).reduce((m, e) => Math.max(m, e.isDirectory() ? newest(join(dir, e.name)) : statSync(join(dir, e.name)).mtimeMs), 0);
  const sources = Math.max(newest(join(root, 'web/src')), statSync(join(root, 'web/index.html')).mtimeMs, statSync(join(root, 'web/vite.config.ts')).mtimeMs);
  if (existsSync(built) && statSync(built).mtimeMs >= sources) return;
  const r = spawnSync(process.execPath, [join(root, 'node_modules/vite/bin/vite.js'), 'build', '--config', join(root, 'web/vite.config.ts'), '--logLevel', 'warn'], { cwd: root, encoding: 'utf8' });
  assert.equal(r.status, 0, `vite build failed:\n${r.stdout}\n${r.stderr}`);
}

/** Starts `mamori serve --port 0` and resolves with its URL and the printed one-time setup token. */
function startServer(home: string): Promise<{ child: ChildProcess; url: string; token: string }> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [join(root, 'bin/mamori.js'), '--home', home, 'serve', '--host', '127.0.0.1', '--port', '0'], {
      cwd: root,
      env: { ...process.env, MAMORI_LOG_LEVEL: 'warn' },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let err = '';
    const timer = setTimeout(() => reject(new Error(`server did not start in 60 s:\n${err}`)), 60_000);
    child.stderr!.on('data', (d: Buffer) => {
      err += d.toString();
      const url = /running at (https?:\/\/127\.0\.0\.1:\d+)\//.exec(err)?.[1];
      const token = /setup token[^\n]*\n\s*\n\s*(\S+)/.exec(err)?.[1];
      if (url && token) {
        clearTimeout(timer);
        resolve({ child, url, token });
      }
    });
    child.on('exit', (code) => reject(new Error(`server exited (${code}):\n${err}`)));
  });
}

async function shot(page: Page, name: string): Promise<void> {
  // Every section that is still fetching shows a role=status "Loading…": wait until none is left.
  await page.waitForFunction(() => !document.querySelector('[role=status]'));
  await page.screenshot({ path: join(shots, `${name}.png`), fullPage: true });
}

test('dashboard end to end in chromium', { skip: missing.length > 0 && !process.env.CI, timeout: 240_000 }, async (t) => {
  assert.deepEqual(missing, [], 'chromium must be installed in CI');
  ensureWebBuilt();
  rmSync(shots, { recursive: true, force: true }); // no stale screenshots from an earlier run
  mkdirSync(shots, { recursive: true });
  const home = mkdtempSync(join(tmpdir(), 'mamori-e2e-'));
  t.after(() => rmSync(home, { recursive: true, force: true }));
  // The demo plant plus findings, so the overview and report have something to say.
  const store = await openStore(`sqlite:${join(home, 'mamori.db')}`);
  await seedReportData(store, new Date());
  // Two real ICS advisories that hit the demo plant's Siemens PLCs, for "are we affected?".
  const { AdvisoriesService } = await import('../../src/services/advisories.service.js');
  const shared = join(root, '../shared/data/csaf/2023');
  await new AdvisoriesService(store).importPaths([join(shared, 'icsa-23-257-01.json'), join(shared, 'icsa-23-012-08.json')]);
  await store.close();

  const { child, url, token } = await startServer(home);
  t.after(() => {
    child.kill('SIGTERM');
  });
  assert.match(url, /^http:\/\/127\.0\.0\.1:\d+$/);

  const { chromium } = await import('playwright-core');
  const profile = mkdtempSync(join(tmpdir(), 'mamori-e2e-chromium-'));
  const ctx: BrowserContext = await chromium.launchPersistentContext(profile, {
    executablePath: CHROMIUM_PATH,
    headless: true,
    args: [...CHROMIUM_ARGS],
    viewport: { width: 1366, height: 900 },
    locale: 'en-US',
    acceptDownloads: true,
  });
  t.after(async () => {
    await ctx.close();
    rmSync(profile, { recursive: true, force: true });
  });
  // The browser may talk to our server only.
  await ctx.route('**/*', (route) => (route.request().url().startsWith(url) ? route.continue() : route.abort()));
  const page = ctx.pages()[0] ?? (await ctx.newPage());
  page.setDefaultTimeout(15_000);
  const errors: string[] = [];
  page.on('pageerror', (e) => errors.push(e.message));
  // Steps depend on each other: after the first failure the rest are skipped, not timed out one by one.
  let broken = false;
  const step = (name: string, fn: () => Promise<void> | void) =>
    t.test(name, async (st) => {
      if (broken) return st.skip('an earlier step failed');
      try {
        await fn();
      } catch (e) {
        broken = true;
        await page.screenshot({ path: join(shots, `failed-${name.replace(/\W+/g, '-')}.png`), fullPage: true }).catch(() => undefined);
        throw e;
      }
    });

  await step('first-run setup with the printed token', async () => {
    await page.goto(`${url}/`);
    await page.getByTestId('setup-form').waitFor();
    await shot(page, 'en-setup');
    await page.getByTestId('lang-switch').click();
    await page.getByText('初期設定').waitFor();
    await shot(page, 'ja-setup');
    await page.getByTestId('lang-switch').click();
    await page.getByText('First-run setup').waitFor();
    await page.fill('input[name=setupToken]', 'not-the-token');
    await page.fill('input[name=username]', 'admin');
    await page.fill('input[name=password]', PASSWORD);
    await page.fill('input[name=confirm]', PASSWORD);
    await page.click('button[type=submit]');
    await page.getByRole('alert').waitFor();
    assert.match(await page.getByRole('alert').innerText(), /setup token is invalid/);
    await page.fill('input[name=setupToken]', token);
    await page.click('button[type=submit]');
    await page.getByTestId('page-overview').waitFor();
    assert.match(await page.getByTestId('current-user').innerText(), /admin/);
  });

  await step('log out and log in again', async () => {
    await page.getByTestId('logout').click();
    await page.getByTestId('login-form').waitFor();
    await page.fill('input[name=username]', 'admin');
    await page.fill('input[name=password]', 'wrong password here');
    await page.click('button[type=submit]');
    assert.match(await page.getByRole('alert').innerText(), /Wrong username or password/);
    await shot(page, 'en-login');
    await page.fill('input[name=password]', PASSWORD);
    await page.click('button[type=submit]');
    await page.getByTestId('page-overview').waitFor();
    await page.getByTestId('top-risks').waitFor();
    const threats = await page.getByTestId('threats').innerText();
    assert.match(threats, /Mirai/);
    assert.match(threats, /ICSA-23-257-01/);
    await shot(page, 'en-overview');
  });

  await step('import a CSV and browse the inventory', async () => {
    await page.getByTestId('nav-inventory').click();
    await page.getByTestId('inventory-table').waitFor();
    const before = await page.getByTestId('inventory-total').innerText();
    await page.getByTestId('import-file').setInputFiles(join(root, 'test/e2e/fixtures/e2e-plant.csv'));
    await page.getByTestId('import-result').getByText(/3 new/).waitFor();
    await page.waitForFunction((b) => document.querySelector('[data-testid=inventory-total]')?.textContent !== b, before);
    await page.getByTestId('search').fill('e2e-');
    await page.waitForFunction(() => document.querySelectorAll('[data-testid=inventory-table] tbody tr').length === 3);
    assert.equal(await page.getByTestId('inventory-total').innerText(), '3 devices');
    await page.getByTestId('sort-name').click();
    await page.waitForFunction(() => location.hash.includes('order=desc'));
    await page.waitForFunction(() => document.querySelector('[data-testid=inventory-table] tbody tr a')?.textContent === 'e2e-plc-01');
    await page.getByTestId('search').fill('');
    await page.waitForFunction(() => !location.hash.includes('q=e2e'));
    await page.getByTestId('inventory-table').waitFor();
    await shot(page, 'en-inventory');
  });

  await step('open a device', async () => {
    await page.getByTestId('search').fill('e2e-plc-01');
    await page.waitForFunction(() => document.querySelectorAll('[data-testid=inventory-table] tbody tr').length === 1);
    await page.locator('[data-testid=inventory-table] tbody tr a').first().click();
    await page.getByTestId('page-device').waitFor();
    assert.equal(await page.getByTestId('device-name').innerText(), 'e2e-plc-01');
    assert.match(await page.getByTestId('page-device').innerText(), /127\.0\.9\.201/);
    await shot(page, 'en-device');
  });

  await step('findings workflow: assign, accept the risk, reopen', async () => {
    await page.getByTestId('nav-findings').click();
    await page.getByTestId('page-findings').waitFor();
    const row = page.locator('[data-testid^=finding-]').first();
    const id = (await row.getAttribute('data-testid'))!;
    const same = page.getByTestId(id);
    await same.getByRole('button', { name: 'Assign' }).click();
    await same.locator('select').selectOption('OT');
    await same.getByPlaceholder('Assignee').fill('制御課 田中');
    await same.getByRole('button', { name: 'Save' }).click();
    await same.getByText('OT · 制御課 田中').waitFor();
    await same.getByRole('button', { name: 'Accept risk' }).click();
    await same.getByPlaceholder('Compensating control').fill('isolated VLAN, jump host only');
    await same.getByPlaceholder('Approver').fill('plant manager');
    await same.locator('input[type=date]').fill(new Date(Date.now() + 90 * 86_400_000).toISOString().slice(0, 10));
    await same.getByRole('button', { name: 'Save' }).click();
    await same.waitFor({ state: 'detached' });
    await page.getByTestId('findings-status').selectOption('accepted');
    await page.getByTestId(id).getByRole('button', { name: 'Reopen' }).click();
    await page.getByTestId(id).waitFor({ state: 'detached' });
    await page.getByTestId('findings-status').selectOption('open,reopened');
    await page.getByTestId(id).waitFor();
  });

  await step('settings: scope and an API token', async () => {
    await page.getByTestId('nav-settings').click();
    const scope = page.getByTestId('scope-settings');
    await scope.getByPlaceholder('127.0.0.0/8, 10.1.2.0/24, plc-01').fill('127.10.2.0/24');
    await scope.locator('input[type=checkbox]').check();
    await scope.getByRole('button', { name: 'Add' }).click();
    await scope.getByText('127.10.2.0/24').waitFor();
    await page.getByPlaceholder('Token name').fill('sensor-plant');
    await page.getByRole('button', { name: 'Create token' }).click();
    const token = await page.getByTestId('new-token').innerText();
    assert.match(token, /^mmr_/);
    // The token works for scripts (Bearer), outside the browser session.
    const me = await fetch(`${url}/api/auth/me`, { headers: { authorization: `Bearer ${token}` } });
    assert.equal(me.status, 200);
  });

  await step('ask "are we affected?"', async () => {
    await page.getByTestId('nav-affected').click();
    await page.getByTestId('affected-input').fill('ICSA-23-257-01');
    await page.getByTestId('affected-ask').click();
    await page.waitForFunction(() => location.hash.includes('id=ICSA-23-257-01'));
    await page.locator('[data-testid=affected-answer], .notice, .error').first().waitFor();
    const text = await page.getByTestId('page-affected').innerText();
    if (/not installed/.test(text)) {
      // The advisory API is another area's route; until it is registered the page must say so plainly.
      console.error('note: /api/affected is not registered on this server; the page says so');
    } else {
      assert.match(text, /Answer for ICSA-23-257-01/);
      assert.match(text, /Affected \(2\)/);
      assert.match(text, /ライン1 PLC/);
      assert.match(text, /ライン2 PLC/);
    }
    await shot(page, 'en-affected');
    // A campaign name is answered too (from stored results and open ports): Mirai reaches Telnet devices.
    await page.getByTestId('affected-input').fill('mirai');
    await page.getByTestId('affected-ask').click();
    await page.waitForFunction(() => location.hash.includes('id=mirai'));
    // The previous answer stays on the page until this one arrives: wait for this one's own section.
    await page.getByTestId('page-affected').getByText(/Exposed \(\d+\)/).waitFor();
    const mirai = await page.getByTestId('page-affected').innerText();
    assert.match(mirai, /Exposed \(\d+\)/);
    assert.match(mirai, /監視カメラ 1/);
    await page.getByTestId('affected-input').fill('CVE-1999-0000');
    await page.getByTestId('affected-ask').click();
    await page.waitForFunction(() => location.hash.includes('id=CVE-1999-0000'));
    await page.getByTestId('page-affected').getByText(/CVE-1999-0000|not installed/).first().waitFor();
  });

  /** Pages that show more once asked something: ask before the screenshot. */
  const fillIn = async (p: string) => {
    if (p !== 'affected') return;
    await page.getByTestId('affected-input').fill('ICSA-23-257-01');
    await page.getByTestId('affected-ask').click();
    await page.locator('[data-testid=affected-answer], .notice, .error').first().waitFor();
  };
  const pages = ['overview', 'inventory', 'affected', 'findings', 'scans', 'feeds', 'zones', 'settings'] as const;
  await step('every page renders in English', async () => {
    for (const p of pages) {
      await page.getByTestId(`nav-${p}`).click();
      await page.getByTestId(`page-${p}`).waitFor();
      await fillIn(p);
      await shot(page, `en-${p}`);
    }
  });

  await step('switch to Japanese: navigation, numbers and every page', async () => {
    await page.getByTestId('lang-switch').click();
    await page.getByTestId('nav-inventory').getByText('資産台帳').waitFor();
    assert.equal(await page.evaluate(() => document.documentElement.lang), 'ja');
    for (const p of pages) {
      await page.getByTestId(`nav-${p}`).click();
      await page.getByTestId(`page-${p}`).waitFor();
      await fillIn(p);
      await shot(page, `ja-${p}`);
    }
    await page.getByTestId('nav-overview').click();
    await page.getByText('現在の状況').waitFor();
    await page.getByTestId('nav-inventory').click();
    await page.getByTestId('inventory-total').getByText(/台$/).waitFor();
    // A demo PLC that real advisories hit: the device page lists them with verdict and evidence.
    await page.getByTestId('search').fill('ライン1 PLC');
    await page.waitForFunction(() => document.querySelectorAll('[data-testid=inventory-table] tbody tr').length === 1);
    await page.locator('[data-testid=inventory-table] tbody tr a').first().click();
    await page.getByTestId('page-device').waitFor();
    // The advisories are fetched after the device: wait for their table (or the "not installed" notice).
    await page.getByTestId('device-advisories').or(page.getByTestId('page-device').getByText(/導入されていません/)).first().waitFor();
    await shot(page, 'ja-device');
    const device = await page.getByTestId('page-device').innerText();
    assert.match(device, /ライン1 PLC/);
    if (!/導入されていません/.test(device)) assert.match(device, /影響あり[\s\S]*ICSA-23-257-01/);
    // The choice survives a reload.
    await page.reload();
    await page.getByText('識別情報').waitFor();
    await page.getByTestId('logout').click();
    await page.getByTestId('login-form').getByText('mamori にログイン').waitFor();
    await shot(page, 'ja-login');
    await page.fill('input[name=username]', 'admin');
    await page.fill('input[name=password]', PASSWORD);
    await page.click('button[type=submit]');
    await page.getByTestId('current-user').waitFor();
  });

  await step('generate the executive report (HTML and PDF) from the UI', async () => {
    await page.getByTestId('nav-overview').click();
    const href = await page.getByTestId('report-html').getAttribute('href');
    assert.match(href ?? '', /lang=ja/);
    const report = await ctx.newPage();
    await report.goto(`${url}${href}`);
    await report.getByText('露出状況の要約').waitFor();
    await report.screenshot({ path: join(shots, 'ja-report.png'), fullPage: true });
    await report.close();
    const [download] = await Promise.all([page.waitForEvent('download'), page.getByTestId('report-pdf').click()]);
    const file = join(home, 'report.pdf');
    await download.saveAs(file);
    assert.match(download.suggestedFilename(), /^mamori-report-ja-\d{4}-\d{2}-\d{2}\.pdf$/);
    const { readFileSync } = await import('node:fs');
    assert.equal(readFileSync(file).subarray(0, 5).toString(), '%PDF-');
  });

  await step('no script errors on any page', () => {
    assert.deepEqual(errors, []);
  });
});
