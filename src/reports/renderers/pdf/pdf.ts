// HTML → PDF with Debian's chromium through playwright-core (no downloaded browser). A fresh profile
// directory per run, every request from the page refused (the report is self-contained, so the browser
// never touches the network), and flags that keep chromium from calling home.
import { mkdtempSync, rmSync, existsSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { MamoriError } from '../../../core/errors.js';

export const CHROMIUM_PATH = process.env.MAMORI_CHROMIUM ?? '/usr/bin/chromium';

export const CHROMIUM_ARGS = [
  '--headless',
  '--no-sandbox',
  '--disable-gpu',
  '--disable-quic',
  '--no-first-run',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
  '--disable-dev-shm-usage',
] as const;

export interface PdfOptions {
  executablePath?: string;
  timeoutMs?: number;
}

export async function htmlToPdf(html: string, opts: PdfOptions = {}): Promise<Buffer> {
  const executablePath = opts.executablePath ?? CHROMIUM_PATH;
  if (!existsSync(executablePath)) {
    throw new MamoriError('E_OPTIONAL_DEP_MISSING', `PDF reports need chromium at ${executablePath}: apt-get install chromium fonts-noto-cjk (or use --format html)`);
  }
  const { chromium } = await import('playwright-core');
  const profile = mkdtempSync(join(tmpdir(), 'mamori-chromium-'));
  const timeout = opts.timeoutMs ?? 60_000;
  try {
    const ctx = await chromium.launchPersistentContext(profile, { executablePath, headless: true, args: [...CHROMIUM_ARGS], timeout, offline: true });
    try {
      const page = ctx.pages()[0] ?? (await ctx.newPage());
      await page.route('**/*', (route) => route.abort());
      await page.setContent(html, { waitUntil: 'load', timeout });
      // Wait for web fonts (Noto CJK) so Japanese glyphs are laid out before printing.
      await page.evaluate('document.fonts.ready.then(() => true)');
      return await page.pdf({ format: 'A4', printBackground: true, preferCSSPageSize: true });
    } finally {
      await ctx.close();
    }
  } finally {
    rmSync(profile, { recursive: true, force: true });
  }
}
