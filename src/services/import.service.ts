// Imports inventory files (CSV incl. Shift_JIS/UTF-16, nmap XML, JSON) as one transaction each:
// a bad row aborts with `file:line: column: reason` and nothing is written, or with skipInvalid the bad rows
// are reported and the rest written. Re-importing the same file changes nothing.
import { readFile } from 'node:fs/promises';
import { basename, extname } from 'node:path';
import { stringify } from 'csv-stringify/sync';
import type { Asset, AssetInput } from '../core/asset.js';
import { MamoriError, type Problem } from '../core/errors.js';
import { TEMPLATE_HEADERS } from '../imports/columns.js';
import { parseCsv } from '../imports/csv.import.js';
import { parseJsonInventory } from '../imports/json.import.js';
import { parseNmapXml } from '../imports/nmap.import.js';
import type { InventoryService } from './inventory.service.js';

export type ImportFormat = 'csv' | 'nmap' | 'json';

export interface ImportOptions {
  format?: ImportFormat;
  encoding?: string;
  skipInvalid?: boolean;
  onProgress?: (done: number, total: number) => void;
}

export interface ImportReport {
  file: string;
  format: ImportFormat;
  encoding?: string;
  rows: number;
  created: number;
  updated: number;
  unchanged: number;
  skipped: Problem[];
}

export function detectFormat(file: string, head: Buffer): ImportFormat {
  const ext = extname(file).toLowerCase();
  if (ext === '.xml') return 'nmap';
  if (ext === '.json') return 'json';
  if (ext === '.csv' || ext === '.tsv' || ext === '.txt') return 'csv';
  const start = head.subarray(0, 256).toString('utf8').replace(/^\uFEFF/, '').trimStart();
  if (start.startsWith('<')) return 'nmap';
  if (start.startsWith('[') || start.startsWith('{')) return 'json';
  return 'csv';
}

export async function importFile(inventory: InventoryService, file: string, opts: ImportOptions = {}): Promise<ImportReport> {
  let buf: Buffer;
  try {
    buf = await readFile(file);
  } catch (e) {
    throw new MamoriError('E_INPUT_INVALID', `cannot read ${file}: ${(e as NodeJS.ErrnoException).code ?? (e as Error).message}`, { location: { file }, cause: e });
  }
  return importBuffer(inventory, buf, file, opts);
}

/** Imports bytes already in memory (API uploads); `file` names them in errors and provenance. */
export async function importBuffer(inventory: InventoryService, buf: Buffer, file: string, opts: ImportOptions = {}): Promise<ImportReport> {
  const format = opts.format ?? detectFormat(file, buf);
  let rows: { line: number; input: AssetInput }[];
  let problems: Problem[] = [];
  let at: string | undefined;
  let encoding: string | undefined;
  if (format === 'csv') {
    const parsed = parseCsv(buf, file, { encoding: opts.encoding });
    rows = parsed.rows;
    problems = parsed.problems;
    encoding = parsed.encoding;
  } else if (format === 'json') {
    ({ rows, problems } = parseJsonInventory(buf.toString('utf8').replace(/^\uFEFF/, ''), file));
  } else {
    const r = parseNmapXml(buf.toString('utf8'), file);
    rows = r.rows;
    at = r.at ?? undefined;
  }
  if (problems.length && !opts.skipInvalid) {
    throw new MamoriError('E_INPUT_INVALID', `${file}: ${problems.length} problem(s); nothing was imported (use --skip-invalid to import the valid rows)`, {
      problems, location: { file },
    });
  }
  const source = `${format}:${basename(file)}`;
  const total = rows.length;
  const r = await inventory.ingest(rows.map((x) => x.input), {
    source,
    sighting: format === 'nmap' && at !== undefined,
    ...(at ? { at } : {}),
    onProgress: (done) => opts.onProgress?.(done, total),
  });
  return { file, format, ...(encoding ? { encoding } : {}), rows: total, created: r.created, updated: r.updated, unchanged: r.unchanged, skipped: problems };
}

/** The documented CSV template columns, then one column per attribute seen. Re-importable. */
export function exportCsv(assets: Asset[]): string {
  const attrKeys = [...new Set(assets.flatMap((a) => Object.keys(a.attributes)))].sort();
  const rows = assets.map((a) => [
    a.externalId ?? '', a.name ?? '', a.hostnames.join(';'), a.ips.join(';'), a.macs.join(';'), a.class ?? '', a.kind ?? '',
    a.vendor ?? '', a.model ?? '', a.serial ?? '', a.os?.name ?? '', a.os?.version ?? '', a.firmware?.name ?? '', a.firmware?.version ?? '',
    a.cpes.join(' '), a.site ?? '', a.zone ?? '', a.owner ?? '', a.criticality ?? '', a.tags.join(';'),
    a.services.map((s) => `${s.port}/${s.transport}${s.service ? ` ${s.service}` : ''}`).join('; '), a.notes ?? '',
    ...attrKeys.map((k) => a.attributes[k] ?? ''),
  ]);
  return stringify([[...TEMPLATE_HEADERS, ...attrKeys], ...rows]);
}
