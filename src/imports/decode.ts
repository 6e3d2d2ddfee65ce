// Turns file bytes into text the way spreadsheets write them: UTF-8 (with or without BOM), UTF-16 with BOM
// (Excel's "Unicode text"), and Shift_JIS/CP932 as Excel in Japan saves "CSV (comma delimited)".
import iconv from 'iconv-lite';
import { MamoriError } from '../core/errors.js';

export type Encoding = 'utf-8' | 'utf-16le' | 'utf-16be' | 'shift_jis';

export function detectEncoding(buf: Buffer): Encoding {
  if (buf[0] === 0xef && buf[1] === 0xbb && buf[2] === 0xbf) return 'utf-8';
  if (buf[0] === 0xff && buf[1] === 0xfe) return 'utf-16le';
  if (buf[0] === 0xfe && buf[1] === 0xff) return 'utf-16be';
  return isUtf8(buf) ? 'utf-8' : 'shift_jis';
}

function isUtf8(buf: Buffer): boolean {
  try {
    new TextDecoder('utf-8', { fatal: true }).decode(buf);
    return true;
  } catch {
    return false;
  }
}

export function decodeText(buf: Buffer, file: string, encoding?: string): { text: string; encoding: string } {
  const enc = (encoding?.toLowerCase().replace(/^sjis$|^cp932$|^windows-31j$/, 'shift_jis') ?? detectEncoding(buf)) as string;
  if (!iconv.encodingExists(enc === 'shift_jis' ? 'cp932' : enc)) {
    throw new MamoriError('E_INPUT_INVALID', `${file}: unknown encoding ${JSON.stringify(encoding)} (use utf-8, shift_jis, utf-16le)`, { location: { file } });
  }
  // CP932 is the superset Windows actually writes when it says Shift_JIS (e.g. ①, ㈱, NEC special chars).
  const text = iconv.decode(buf, enc === 'shift_jis' ? 'cp932' : enc);
  return { text: text.replace(/^\uFEFF/, ''), encoding: enc };
}
