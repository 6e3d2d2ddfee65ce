// CSV (and TSV) inventory files → AssetInput rows, each with the file line it came from.
// Problems are collected per cell as `file:line: column: reason`; the caller decides abort or skip.
import { parse } from 'csv-parse/sync';
import type { AssetInput } from '../core/asset.js';
import { MamoriError, type Problem } from '../core/errors.js';
import { normalizeInput } from '../inventory/normalize.js';
import { matchColumn, type ColumnField } from './columns.js';
import { decodeText } from './decode.js';
import { parseClass, parseCriticality, parseKind, parseServices, splitList } from './values.js';

export interface ParsedRow {
  line: number;
  input: AssetInput;
}

export interface ParsedFile {
  rows: ParsedRow[];
  problems: Problem[];
  encoding: string;
  /** Header → field, or null when kept as an attribute. */
  columns: { header: string; field: ColumnField | null }[];
}

function sniffDelimiter(firstLine: string): string {
  const counts = [',', '\t', ';'].map((d) => [d, firstLine.split(d).length] as const);
  return counts.sort((a, b) => b[1] - a[1])[0]![0];
}

export function parseCsv(buf: Buffer, file: string, opts: { encoding?: string } = {}): ParsedFile {
  const { text, encoding } = decodeText(buf, file, opts.encoding);
  const firstLine = text.slice(0, text.search(/\r?\n|$/));
  let records: { record: string[]; info: { lines: number } }[];
  try {
    records = parse(text, { delimiter: sniffDelimiter(firstLine), relax_column_count: true, skip_empty_lines: true, info: true, bom: true, trim: false }) as never;
  } catch (e) {
    const err = e as Error & { lines?: number };
    throw new MamoriError('E_INPUT_INVALID', `${file}:${err.lines ?? '?'}: not a readable CSV file: ${err.message}`, { location: { file, line: err.lines }, cause: e });
  }
  const header = records.shift();
  if (!header) throw new MamoriError('E_INPUT_INVALID', `${file}: the file is empty (expected a header row)`, { location: { file, line: 1 } });
  const columns = header.record.map((h) => ({ header: h.trim(), field: matchColumn(h) }));
  const seen = new Map<ColumnField, string>();
  for (const c of columns) {
    if (!c.field) continue;
    const prev = seen.get(c.field);
    if (prev) throw new MamoriError('E_INPUT_INVALID', `${file}:1: columns ${JSON.stringify(prev)} and ${JSON.stringify(c.header)} both mean ${c.field}`, { location: { file, line: 1 } });
    seen.set(c.field, c.header);
  }
  if (!columns.some((c) => c.field && ['hostnames', 'ips', 'macs', 'externalId', 'serial', 'name'].includes(c.field))) {
    throw new MamoriError('E_INPUT_INVALID', `${file}:1: no identifying column found (need one of hostname, ip, mac, serial, asset_id, name); headers were: ${columns.map((c) => c.header).join(', ')}`, { location: { file, line: 1 } });
  }
  const rows: ParsedRow[] = [];
  const problems: Problem[] = [];
  for (const { record, info } of records) {
    const line = info.lines;
    if (record.every((c) => c.trim() === '')) continue;
    const rowProblems: Problem[] = [];
    const input = rowToInput(record, columns, (column, message) => rowProblems.push({ file, line, column, message }));
    const hasId = input.hostnames?.length || input.ips?.length || input.macs?.length || input.externalId || input.serial || input.name;
    if (!hasId) rowProblems.push({ file, line, column: 'hostname/ip/mac', message: 'row has no identifier (host name, IP, MAC, serial, asset id or name)' });
    for (const p of normalizeInput(input).problems) {
      rowProblems.push({ file, line, column: columns.find((c) => c.field === p.column)?.header ?? p.column, message: p.message });
    }
    if (rowProblems.length) problems.push(...rowProblems);
    else rows.push({ line, input });
  }
  return { rows, problems, encoding, columns };
}

function rowToInput(record: string[], columns: ParsedFile['columns'], problem: (column: string, message: string) => void): AssetInput {
  const input: AssetInput = {};
  const os: { name?: string; version?: string } = {};
  const fw: { name?: string; version?: string } = {};
  columns.forEach((col, i) => {
    const raw = (record[i] ?? '').trim();
    if (raw === '') return;
    switch (col.field) {
      case null:
        input.attributes = { ...input.attributes, [col.header]: raw };
        return;
      case 'hostnames':
      case 'ips':
      case 'macs':
      case 'cpes':
      case 'tags':
        input[col.field] = col.field === 'cpes' ? raw.split(/[\s;|]+/).filter(Boolean) : splitList(raw);
        return;
      case 'class': {
        const c = parseClass(raw);
        if (c) input.class = c;
        else problem(col.header, `unknown class ${JSON.stringify(raw)} (use it, ot, iot or miner)`);
        return;
      }
      case 'kind':
        input.kind = parseKind(raw);
        return;
      case 'criticality': {
        const c = parseCriticality(raw);
        if (c) input.criticality = c;
        else problem(col.header, `criticality must be 1-5 (or low/medium/high/critical, 低/中/高), got ${JSON.stringify(raw)}`);
        return;
      }
      case 'services': {
        const s = parseServices(raw);
        if (s) input.services = s;
        else problem(col.header, `cannot read services ${JSON.stringify(raw)} (write e.g. "502/tcp modbus; 161/udp snmp")`);
        return;
      }
      case 'osName':
        os.name = raw;
        return;
      case 'osVersion':
        os.version = raw;
        return;
      case 'firmwareName':
        fw.name = raw;
        return;
      case 'firmwareVersion':
        fw.version = raw;
        return;
      default:
        input[col.field] = raw;
    }
  });
  if (os.name || os.version) input.os = os;
  if (fw.name || fw.version) input.firmware = fw;
  return input;
}
