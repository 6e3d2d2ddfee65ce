// HTTP/1.x response head parsing (RFC 9112 §4 status line, §5 fields) and the few body facts a probe
// keeps (HTML <title>). Pure and bounded: callers pass at most a few tens of KiB; every string kept is
// stripped of control characters and capped.

export interface HttpResponseHead {
  version: string;
  status: number;
  reason: string;
  /** Lower-cased names; repeated fields keep every value in order. */
  headers: Map<string, string[]>;
  /** Offset of the body in the buffer. */
  bodyOffset: number;
}

const MAX_FIELD = 512;
const MAX_FIELDS = 100;

export function clean(s: string, max = MAX_FIELD): string {
  return s.replace(/[\x00-\x1f\x7f]+/g, ' ').trim().slice(0, max);
}

export function buildGetRequest(host: string, port: number, path = '/', tls = false): Buffer {
  const defaultPort = tls ? 443 : 80;
  const hostField = /:/.test(host) ? `[${host}]` : host;
  return Buffer.from(
    `GET ${path} HTTP/1.1\r\nHost: ${hostField}${port === defaultPort ? '' : `:${port}`}\r\n` +
      'User-Agent: mamori/0.1 (identification probe)\r\nAccept: */*\r\nConnection: close\r\n\r\n',
    'latin1',
  );
}

/** Parses the status line and fields; null until the head is complete or when it is not HTTP. */
export function parseResponseHead(buf: Buffer): HttpResponseHead | null {
  const text = buf.toString('latin1');
  const end = text.indexOf('\r\n\r\n');
  const endLf = text.indexOf('\n\n');
  const stop = end >= 0 && (endLf < 0 || end < endLf) ? end : endLf;
  if (stop < 0) return null;
  const lines = text.slice(0, stop).split(/\r?\n/);
  const m = /^HTTP\/(\d\.\d) (\d{3})(?: (.*))?$/.exec(lines[0] ?? '');
  if (!m || !m[1] || !m[2]) return null;
  const headers = new Map<string, string[]>();
  for (const line of lines.slice(1, MAX_FIELDS + 1)) {
    const i = line.indexOf(':');
    if (i <= 0) continue;
    const name = line.slice(0, i).trim().toLowerCase();
    if (!/^[!#$%&'*+.^_`|~0-9a-z-]+$/.test(name)) continue;
    const list = headers.get(name) ?? [];
    list.push(clean(line.slice(i + 1)));
    headers.set(name, list);
  }
  return {
    version: m[1],
    status: Number(m[2]),
    reason: clean(m[3] ?? '', 100),
    headers,
    bodyOffset: stop + (stop === end ? 4 : 2),
  };
}

/** Completion for a bounded read: head plus the announced body (or enough of it for a title). */
export function httpResponseComplete(maxBody: number): (buf: Buffer) => boolean {
  return (buf) => {
    if (buf.length >= 5 && !/^HTTP\//.test(buf.subarray(0, 5).toString('latin1'))) return true; // not HTTP: stop
    const head = parseResponseHead(buf);
    if (!head) return false;
    const body = buf.length - head.bodyOffset;
    const len = Number(head.headers.get('content-length')?.[0] ?? NaN);
    if (Number.isFinite(len)) return body >= Math.min(len, maxBody);
    if (head.status === 204 || head.status === 304 || (head.status >= 100 && head.status < 200)) return true;
    if (/chunked/i.test(head.headers.get('transfer-encoding')?.[0] ?? '') && buf.includes('\r\n0\r\n\r\n', head.bodyOffset)) return true;
    return body >= maxBody || /<\/title>/i.test(buf.subarray(head.bodyOffset).toString('latin1'));
  };
}

const ENTITIES: Record<string, string> = { amp: '&', lt: '<', gt: '>', quot: '"', apos: "'", nbsp: ' ' };

export function extractTitle(body: Buffer): string | null {
  const text = body.subarray(0, 65536).toString('utf8');
  const m = /<title[^>]*>([\s\S]{0,2000}?)<\/title>/i.exec(text);
  if (!m || m[1] === undefined) return null;
  const t = m[1]
    .replace(/&(#\d+|#x[0-9a-f]+|[a-z]+);/gi, (all, e: string) => {
      if (e[0] === '#') {
        const code = e[1] === 'x' || e[1] === 'X' ? parseInt(e.slice(2), 16) : parseInt(e.slice(1), 10);
        return code > 31 && code < 0x110000 ? String.fromCodePoint(code) : ' ';
      }
      return ENTITIES[e.toLowerCase()] ?? all;
    })
    .replace(/\s+/g, ' ');
  const c = clean(t, 200);
  return c.length ? c : null;
}

/** `Basic realm="x"` → { scheme: 'Basic', realm: 'x' }. */
export function parseWwwAuthenticate(value: string): { scheme: string; realm: string | null } | null {
  const m = /^([A-Za-z][\w-]*)(?:\s+(.*))?$/.exec(value.trim());
  if (!m || !m[1]) return null;
  const realm = /realm\s*=\s*(?:"((?:[^"\\]|\\.)*)"|([^\s,]+))/i.exec(m[2] ?? '');
  return { scheme: m[1], realm: realm ? clean((realm[1] ?? realm[2] ?? '').replace(/\\(.)/g, '$1'), 200) : null };
}
