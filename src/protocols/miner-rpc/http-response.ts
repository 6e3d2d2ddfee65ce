// A minimal, bounded HTTP/1.x response parser for the miner HTTP APIs (XMRig). Pure: it takes the
// bytes a probe read and never trusts lengths it was told. Chunked bodies are de-chunked; anything
// malformed yields null.

export interface HttpResponse {
  status: number;
  reason: string;
  headers: Record<string, string>;
  body: Buffer;
  /** False when the body is shorter than Content-Length / the chunked terminator is missing. */
  complete: boolean;
}

const MAX_HEADER = 16 * 1024;

export function parseHttpResponse(buf: Buffer): HttpResponse | null {
  const end = buf.indexOf('\r\n\r\n');
  if (end < 0 || end > MAX_HEADER) return null;
  const head = buf.subarray(0, end).toString('latin1').split('\r\n');
  const status = /^HTTP\/1\.[01] (\d{3})(?: (.*))?$/.exec(head[0] ?? '');
  if (!status?.[1]) return null;
  const headers: Record<string, string> = {};
  for (const line of head.slice(1)) {
    const i = line.indexOf(':');
    if (i <= 0) return null;
    headers[line.slice(0, i).trim().toLowerCase()] = line.slice(i + 1).trim();
  }
  let body = buf.subarray(end + 4);
  let complete = true;
  if (/chunked/i.test(headers['transfer-encoding'] ?? '')) {
    const d = dechunk(body);
    body = d.body;
    complete = d.complete;
  } else if (headers['content-length'] !== undefined) {
    const len = Number(headers['content-length']);
    if (!Number.isSafeInteger(len) || len < 0) return null;
    complete = body.length >= len;
    body = body.subarray(0, len);
  }
  return { status: Number(status[1]), reason: status[2] ?? '', headers, body, complete };
}

function dechunk(b: Buffer): { body: Buffer; complete: boolean } {
  const parts: Buffer[] = [];
  let at = 0;
  for (;;) {
    const eol = b.indexOf('\r\n', at);
    if (eol < 0) return { body: Buffer.concat(parts), complete: false };
    const size = parseInt(b.subarray(at, eol).toString('latin1').split(';')[0] ?? '', 16);
    if (!Number.isFinite(size) || size < 0) return { body: Buffer.concat(parts), complete: false };
    if (size === 0) return { body: Buffer.concat(parts), complete: true };
    const start = eol + 2;
    if (start + size > b.length) {
      parts.push(b.subarray(start));
      return { body: Buffer.concat(parts), complete: false };
    }
    parts.push(b.subarray(start, start + size));
    at = start + size + 2;
  }
}

/** Read predicate: headers plus the whole announced body (or the chunked terminator) are in. */
export function httpResponseComplete(buf: Buffer): boolean {
  const r = parseHttpResponse(buf);
  if (r) return r.complete && (r.headers['content-length'] !== undefined || /chunked/i.test(r.headers['transfer-encoding'] ?? ''));
  // Not HTTP at all (and already a few bytes in): stop waiting.
  return buf.length >= 8 && !buf.subarray(0, 5).equals(Buffer.from('HTTP/'));
}
