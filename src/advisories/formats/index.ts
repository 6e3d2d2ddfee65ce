// The feed-format registry (explicit list; order = sniff priority) and the decoding of one file's bytes into
// a document a format can parse. Decoding errors name the file and the line/column or JSON pointer.
import { MamoriError } from '../../core/errors.js';
import { csafFormat } from './csaf/csaf.format.js';
import { jvnRssFormat, jvnVuldefFormat, xmlError } from './jvn/jvn.format.js';
import { jvnCsafFormat } from './jvn/jvn-csaf.format.js';
import { kevCsvFormat, kevFormat } from './kev/kev.format.js';
import { nvdFormat } from './nvd/nvd.format.js';
import type { FeedFormat } from './types.js';

export const feedFormats: readonly FeedFormat[] = [csafFormat, nvdFormat, kevFormat, kevCsvFormat, jvnVuldefFormat, jvnRssFormat, jvnCsafFormat];

export interface DecodedDocument {
  format: FeedFormat;
  /** Parsed JSON, or the text for xml/csv formats. */
  doc: unknown;
  name: string;
}

/** Line and column (1-based) of a character offset. */
export function lineCol(text: string, pos: number): { line: number; column: number } {
  let line = 1;
  let last = -1;
  for (let i = 0; i < pos && i < text.length; i++) if (text.charCodeAt(i) === 10) (line++, (last = i));
  return { line, column: pos - last };
}

export function parseJsonText(text: string, name: string): unknown {
  try {
    return JSON.parse(text);
  } catch (e) {
    const msg = (e as Error).message;
    const m = /position (\d+)/.exec(msg);
    const pos = m ? Number(m[1]) : text.length;
    const { line, column } = lineCol(text, pos);
    const what = m ? msg.replace(/ in JSON at position \d+.*$/, '') : /end of JSON/i.test(msg) ? 'unexpected end of JSON input (truncated file?)' : msg;
    throw new MamoriError('E_FEED_FORMAT', `${name}:${line}:${column}: invalid JSON: ${what.toLowerCase()}`, { location: { file: name, line }, details: { column } });
  }
}

/** Detects the format of one file's content. Throws E_FEED_FORMAT naming the file when nothing fits. */
export function decodeDocument(bytes: Buffer | string, name: string): DecodedDocument {
  const text = (typeof bytes === 'string' ? bytes : bytes.toString('utf8')).replace(/^\ufeff/, '');
  const head = text.trimStart().slice(0, 1);
  if (head === '{' || head === '[') {
    const doc = parseJsonText(text, name);
    const format = feedFormats.find((f) => f.syntax === 'json' && f.sniff(doc));
    if (!format) throw new MamoriError('E_FEED_FORMAT', `${name}: JSON document of no known feed format (expected CSAF 2.0, NVD CVE API 2.0, CISA KEV or MyJVN jvncsaf)`, { location: { file: name } });
    return { format, doc, name };
  }
  if (head === '<') {
    const err = xmlError(text);
    if (err) throw new MamoriError('E_FEED_FORMAT', `${name}:${err.line}:${err.column}: invalid XML: ${err.message}`, { location: { file: name, line: err.line } });
    const format = feedFormats.find((f) => f.syntax === 'xml' && f.sniff(text));
    if (!format) throw new MamoriError('E_FEED_FORMAT', `${name}: XML document of no known feed format (expected JVN VULDEF or JVNRSS)`, { location: { file: name } });
    return { format, doc: text, name };
  }
  const csv = feedFormats.find((f) => f.syntax === 'csv' && f.sniff(text));
  if (csv) return { format: csv, doc: text, name };
  throw new MamoriError('E_FEED_FORMAT', `${name}: not a feed document (neither JSON, XML nor the KEV CSV)`, { location: { file: name } });
}
