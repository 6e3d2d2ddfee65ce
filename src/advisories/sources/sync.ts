// `mamori feeds sync`: the only network code of the advisory area. Downloads into a folder, which is then
// imported like any offline feed, so download and import stay separate. Tests never run this (no network in
// CI); it is kept small: CISA KEV (one JSON file, always the full catalog), NVD CVE API 2.0 (paged by
// lastModStartDate/EndDate windows of at most 120 days, 2000 results a page, paced as NVD asks of clients
// without an API key), and CSAF providers (provider-metadata.json → distributions → index.txt → documents).
import { mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { MamoriError } from '../../core/errors.js';

export const KEV_URL = 'https://www.cisa.gov/sites/default/files/feeds/known_exploited_vulnerabilities.json';
export const NVD_API = 'https://services.nvd.nist.gov/rest/json/cves/2.0';
const MAX_DOC = 64 * 1024 * 1024;

export interface SyncOptions {
  kev: boolean;
  nvdSince?: string;
  csaf: readonly string[];
  dir?: string;
  log: (msg: string) => void;
  signal?: AbortSignal;
}

async function get(url: string, signal?: AbortSignal): Promise<Buffer> {
  const res = await fetch(url, { signal: signal ?? AbortSignal.timeout(120_000), headers: { 'user-agent': 'mamori feeds sync' } });
  if (!res.ok) throw new MamoriError('E_UPSTREAM', `GET ${url}: HTTP ${res.status}`, res.status === 429 || res.status >= 500 ? { retryAfterMs: 30_000 } : {});
  const len = Number(res.headers.get('content-length') ?? 0);
  if (len > MAX_DOC) throw new MamoriError('E_UPSTREAM', `GET ${url}: ${len} bytes is more than the ${MAX_DOC} accepted`);
  const buf = Buffer.from(await res.arrayBuffer());
  if (buf.length > MAX_DOC) throw new MamoriError('E_UPSTREAM', `GET ${url}: response larger than ${MAX_DOC} bytes`);
  return buf;
}

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

export async function syncFeeds(o: SyncOptions): Promise<string> {
  const dir = o.dir ?? mkdtempSync(join(tmpdir(), 'mamori-sync-'));
  mkdirSync(dir, { recursive: true });
  if (!o.kev && !o.nvdSince && !o.csaf.length) throw new MamoriError('E_INPUT_INVALID', 'nothing to sync: give --kev, --nvd-since DATE and/or --csaf URL');
  if (o.kev) {
    o.log(`sync: CISA KEV from ${KEV_URL}`);
    writeFileSync(join(dir, 'known_exploited_vulnerabilities.json'), await get(KEV_URL, o.signal));
  }
  if (o.nvdSince) {
    const start = Date.parse(o.nvdSince);
    if (Number.isNaN(start)) throw new MamoriError('E_INPUT_INVALID', `--nvd-since must be an ISO date, got ${o.nvdSince}`);
    const WINDOW = 120 * 86400_000;
    for (let from = start; from < Date.now(); from += WINDOW) {
      const to = Math.min(from + WINDOW, Date.now());
      for (let index = 0, total = 1; index < total; index += 2000) {
        const url = `${NVD_API}?lastModStartDate=${new Date(from).toISOString()}&lastModEndDate=${new Date(to).toISOString()}&startIndex=${index}&resultsPerPage=2000`;
        o.log(`sync: NVD ${new Date(from).toISOString().slice(0, 10)}… page ${index / 2000 + 1}`);
        const body = await get(url, o.signal);
        total = Number((JSON.parse(body.toString('utf8')) as { totalResults?: number }).totalResults ?? 0);
        writeFileSync(join(dir, `nvd-${from}-${index}.json`), body);
        await sleep(6_000); // NVD: about 5 requests per 30 s without an API key
      }
    }
  }
  for (const metaUrl of o.csaf) {
    o.log(`sync: CSAF provider ${metaUrl}`);
    const meta = JSON.parse((await get(metaUrl, o.signal)).toString('utf8')) as { distributions?: { directory_url?: string }[] };
    const sub = join(dir, `csaf-${Buffer.from(metaUrl).toString('base64url').slice(0, 24)}`);
    mkdirSync(sub, { recursive: true });
    for (const d of meta.distributions ?? []) {
      if (!d.directory_url) continue;
      const base = d.directory_url.endsWith('/') ? d.directory_url : `${d.directory_url}/`;
      const index = (await get(`${base}index.txt`, o.signal)).toString('utf8').split(/\r?\n/).map((l) => l.trim()).filter((l) => l.endsWith('.json'));
      for (const rel of index) {
        const name = rel.replace(/[^\w.-]+/g, '_');
        writeFileSync(join(sub, name), await get(new URL(rel, base).toString(), o.signal));
      }
    }
  }
  return dir;
}
