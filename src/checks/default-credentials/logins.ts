// One login attempt per connection, per protocol. Each function sends one username/password pair and
// reports success, failure or why it could not tell; it never runs a command after logging in (Telnet:
// success = a shell prompt; the session is closed at once). Transcripts are redacted by the caller.
import { createHash, randomBytes } from 'node:crypto';
import { Client as SshClient } from 'ssh2';
import type { CheckContext } from '../types.js';
import type { TranscriptEntry } from '../../net/tcp-session.js';
import { answerNegotiations, detectPrompt, parseTelnet } from '../../protocols/telnet/iac.js';
import { ftpReplyComplete, parseFtpReply } from '../../protocols/ftp/ftp-reply.js';
import { httpResponseComplete, parseResponseHead } from '../../protocols/http/http-response.js';
import { decodeResponse, encodeGetRequest, OIDS } from '../../protocols/snmp/snmp-message.js';
import type { Candidate } from './credentials-data.js';

export type AttemptOutcome = 'success' | 'failure' | 'unreachable' | 'error';
export interface Attempt {
  outcome: AttemptOutcome;
  detail: string;
  transcript: TranscriptEntry[];
}

type Ctx = CheckContext<unknown>;
const STEP = 2500;

// ---- Telnet (Mirai's login state machine, minus the commands) -------------------------------------
export async function telnetLogin(ctx: Ctx, c: Candidate): Promise<Attempt> {
  const s = await ctx.net.tcp({ maxBytes: 64 * 1024 });
  if ('kind' in s) return { outcome: 'unreachable', detail: s.reason, transcript: [] };
  const answered = new Set<string>();
  let text = '';
  let rest = Buffer.alloc(0);
  const until = async (want: (t: string) => boolean, ms: number): Promise<boolean> => {
    const deadline = Date.now() + ms;
    for (;;) {
      if (want(text)) return true;
      const left = deadline - Date.now();
      if (left <= 0 || s.isClosed) return want(text);
      const r = await s.read({ timeoutMs: left });
      if (!r.data.length) return want(text);
      const p = parseTelnet(Buffer.concat([rest, r.data]));
      rest = Buffer.from(p.rest);
      const answer = answerNegotiations(p.negotiations, answered);
      if (answer.length) s.write(answer);
      text = (text + p.data.toString('latin1')).slice(-4096);
    }
  };
  try {
    // Some devices ask for a password only (no user name): then the pair's password is all that is sent.
    if (!(await until((t) => detectPrompt(t) === 'login' || detectPrompt(t) === 'password', STEP))) return { outcome: 'error', detail: 'no login prompt', transcript: s.transcript };
    if (detectPrompt(text) === 'login') {
      text = '';
      s.write(`${c.username}\r\n`);
      const p = await until((t) => detectPrompt(t) === 'password' || detectPrompt(t) === 'shell', STEP);
      if (!p) return { outcome: 'error', detail: 'no password prompt', transcript: s.transcript };
    }
    if (detectPrompt(text) === 'password') {
      text = '';
      s.write(`${c.password}\r\n`);
    }
    const failed = (t: string) => /incorrect|failed|denied|invalid|bad password|wrong/i.test(t) || detectPrompt(t) === 'login';
    await until((t) => failed(t) || detectPrompt(t) === 'shell', STEP);
    if (failed(text)) return { outcome: 'failure', detail: 'login refused', transcript: s.transcript };
    if (detectPrompt(text) === 'shell') return { outcome: 'success', detail: 'shell prompt after login', transcript: s.transcript };
    return { outcome: s.isClosed ? 'failure' : 'error', detail: s.isClosed ? 'connection closed after password' : 'no prompt after password', transcript: s.transcript };
  } finally {
    s.close();
  }
}

// ---- FTP (RFC 959 USER/PASS) ----------------------------------------------------------------------
export async function ftpLogin(ctx: Ctx, c: Candidate): Promise<Attempt> {
  const s = await ctx.net.tcp({ maxBytes: 32 * 1024 });
  if ('kind' in s) return { outcome: 'unreachable', detail: s.reason, transcript: [] };
  // Servers delay a failed login on purpose (vsftpd + PAM: about 2.5 s), so PASS gets a longer wait.
  const reply = async (ms = STEP) => parseFtpReply((await s.read({ complete: ftpReplyComplete, timeoutMs: ms })).data);
  try {
    const hello = await reply();
    if (!hello || hello.code !== 220) return { outcome: 'error', detail: `greeting ${hello?.code ?? 'missing'}`, transcript: s.transcript };
    s.write(`USER ${c.username}\r\n`);
    const u = await reply();
    if (u?.code === 230) return { outcome: 'success', detail: 'logged in without a password', transcript: s.transcript };
    if (u?.code !== 331 && u?.code !== 332) return { outcome: u?.code === 530 ? 'failure' : 'error', detail: `USER → ${u?.code ?? 'no reply'}`, transcript: s.transcript };
    s.write(`PASS ${c.password}\r\n`);
    const p = await reply(6000);
    if (p?.code === 230 || p?.code === 202) return { outcome: 'success', detail: `PASS → ${p.code}`, transcript: s.transcript };
    if (p && p.code >= 500) return { outcome: 'failure', detail: `PASS → ${p.code}`, transcript: s.transcript };
    return { outcome: 'error', detail: `PASS → ${p?.code ?? 'no reply'}`, transcript: s.transcript };
  } finally {
    try {
      s.write('QUIT\r\n');
    } catch {
      /* closed */
    }
    s.close();
  }
}

// ---- SSH (password method only, through ctx.net's socket) ------------------------------------------
export async function sshLogin(ctx: Ctx, c: Candidate): Promise<Attempt> {
  const s = await ctx.net.tcp({ maxBytes: 1024 * 1024 });
  if ('kind' in s) return { outcome: 'unreachable', detail: s.reason, transcript: [] };
  const left = Math.max(500, Math.min(ctx.deadline - Date.now(), 8000));
  return new Promise<Attempt>((resolve) => {
    const client = new SshClient();
    let done = false;
    const finish = (outcome: AttemptOutcome, detail: string) => {
      if (done) return;
      done = true;
      client.end();
      s.close();
      resolve({ outcome, detail, transcript: [{ dir: 'sent', bytes: 0, excerpt: `ssh password authentication as ${c.username}` }] });
    };
    client.on('ready', () => finish('success', 'password authentication accepted'));
    client.on('error', (e: Error & { level?: string }) => {
      if (e.level === 'client-authentication') finish('failure', 'password authentication refused');
      else finish('error', e.message.slice(0, 200));
    });
    client.on('close', () => finish('error', 'connection closed'));
    client.connect({
      sock: s.socket as never,
      username: c.username,
      readyTimeout: left,
      // Exactly one method, one password: never 'none', keys, agent or keyboard-interactive retries.
      authHandler: [{ type: 'password', username: c.username, password: c.password }] as never,
      hostVerifier: () => true,
    });
  });
}

// ---- HTTP basic / digest (RFC 7617 / RFC 7616 MD5) -------------------------------------------------
export interface HttpChallenge {
  scheme: 'basic' | 'digest';
  realm: string;
  nonce?: string;
  opaque?: string;
  qop?: string;
  algorithm?: string;
}

export function parseChallenge(values: readonly string[]): HttpChallenge | null {
  for (const v of values) {
    const m = /^(basic|digest)\s+(.*)$/i.exec(v.trim());
    if (!m) continue;
    const params: Record<string, string> = {};
    for (const p of (m[2] ?? '').matchAll(/([a-z]+)=("([^"]*)"|[^,\s]+)/gi)) params[p[1]!.toLowerCase()] = p[3] ?? p[2] ?? '';
    const scheme = m[1]!.toLowerCase() as 'basic' | 'digest';
    if (scheme === 'digest' && !params.nonce) continue;
    if (scheme === 'digest' && params.algorithm && !/^md5$/i.test(params.algorithm)) continue;
    return { scheme, realm: params.realm ?? '', ...(params.nonce ? { nonce: params.nonce } : {}), ...(params.opaque ? { opaque: params.opaque } : {}), ...(params.qop ? { qop: params.qop } : {}), ...(params.algorithm ? { algorithm: params.algorithm } : {}) };
  }
  return null;
}

const md5 = (s: string) => createHash('md5').update(s, 'latin1').digest('hex');

export function authorizationHeader(ch: HttpChallenge, c: Candidate, method: string, uri: string, cnonce = randomBytes(8).toString('hex')): string {
  if (ch.scheme === 'basic') return `Basic ${Buffer.from(`${c.username}:${c.password}`, 'latin1').toString('base64')}`;
  const ha1 = md5(`${c.username}:${ch.realm}:${c.password}`);
  const ha2 = md5(`${method}:${uri}`);
  const qop = ch.qop?.split(',').map((x) => x.trim()).includes('auth') ? 'auth' : undefined;
  const nc = '00000001';
  const response = qop ? md5(`${ha1}:${ch.nonce}:${nc}:${cnonce}:${qop}:${ha2}`) : md5(`${ha1}:${ch.nonce}:${ha2}`);
  const parts = [`username="${c.username}"`, `realm="${ch.realm}"`, `nonce="${ch.nonce}"`, `uri="${uri}"`, `response="${response}"`, 'algorithm=MD5'];
  if (qop) parts.push(`qop=${qop}`, `nc=${nc}`, `cnonce="${cnonce}"`);
  if (ch.opaque) parts.push(`opaque="${ch.opaque}"`);
  return `Digest ${parts.join(', ')}`;
}

async function httpGet(ctx: Ctx, path: string, auth: string | null): Promise<{ status: number | null; challenge: HttpChallenge | null; server: string | null; transcript: TranscriptEntry[] } | { unreachable: string }> {
  const s = await ctx.net.tcp({ maxBytes: 64 * 1024 });
  if ('kind' in s) return { unreachable: s.reason };
  const port = ctx.service?.port ?? 80;
  s.write([`GET ${path} HTTP/1.1`, `Host: ${ctx.host}:${port}`, 'User-Agent: mamori/0.1 (default-credentials check)', 'Connection: close', ...(auth ? [`Authorization: ${auth}`] : []), '', ''].join('\r\n'));
  const r = await s.read({ complete: httpResponseComplete(4096), timeoutMs: STEP });
  s.close();
  const head = parseResponseHead(r.data);
  return { status: head?.status ?? null, challenge: head ? parseChallenge(head.headers.get('www-authenticate') ?? []) : null, server: head?.headers.get('server')?.[0] ?? null, transcript: s.transcript };
}

/** The unauthenticated GET that tells whether "/" asks for basic/digest credentials (no password sent). */
export async function httpChallenge(ctx: Ctx, path = '/') {
  return httpGet(ctx, path, null);
}

export async function httpLogin(ctx: Ctx, c: Candidate, path = '/'): Promise<Attempt> {
  // Digest needs a fresh nonce: one unauthenticated GET, then the attempt on a second connection.
  const first = await httpGet(ctx, path, null);
  if ('unreachable' in first) return { outcome: 'unreachable', detail: first.unreachable, transcript: [] };
  if (first.status !== 401 || !first.challenge) return { outcome: 'error', detail: `no basic/digest challenge (HTTP ${first.status ?? '?'})`, transcript: first.transcript };
  const r = await httpGet(ctx, path, authorizationHeader(first.challenge, c, 'GET', path));
  if ('unreachable' in r) return { outcome: 'unreachable', detail: r.unreachable, transcript: first.transcript };
  const transcript = [...first.transcript, ...r.transcript];
  if (r.status !== null && r.status >= 200 && r.status < 400) return { outcome: 'success', detail: `HTTP ${first.challenge.scheme} accepted (HTTP ${r.status})`, transcript };
  if (r.status === 401 || r.status === 403) return { outcome: 'failure', detail: `HTTP ${r.status}`, transcript };
  return { outcome: 'error', detail: `HTTP ${r.status ?? 'no reply'}`, transcript };
}

// ---- SNMP v2c community (one GetRequest for sysDescr.0) --------------------------------------------
export async function snmpCommunity(ctx: Ctx, c: Candidate): Promise<Attempt> {
  const reqId = randomBytes(2).readUInt16BE(0) + 1;
  const r = await ctx.net.udp(encodeGetRequest('v2c', c.password, reqId, [OIDS.sysDescr]), { timeoutMs: 1200, maxBytes: 4096 });
  const transcript = r.transcript;
  if (!r.reply) return { outcome: 'failure', detail: `no answer (${r.end}): community refused or silently dropped`, transcript };
  const resp = decodeResponse(r.reply);
  if (!resp) return { outcome: 'error', detail: 'reply is not an SNMP response', transcript };
  return resp.errorStatus === 0 ? { outcome: 'success', detail: 'GetRequest sysDescr.0 answered', transcript } : { outcome: 'failure', detail: `error-status ${resp.errorStatus}`, transcript };
}

// ---- MQTT 3.1.1 CONNECT with user name and password ------------------------------------------------
function mqttConnect(clientId: string, username: string, password: string): Buffer {
  const str = (s: string) => {
    const b = Buffer.from(s, 'utf8');
    const l = Buffer.alloc(2);
    l.writeUInt16BE(b.length);
    return Buffer.concat([l, b]);
  };
  const flags = 0x02 | 0x80 | 0x40; // clean session, user name, password
  const body = Buffer.concat([str('MQTT'), Buffer.from([4, flags, 0, 30]), str(clientId), str(username), str(password)]);
  const len: number[] = [];
  let n = body.length;
  do {
    let b = n % 128;
    n = Math.floor(n / 128);
    if (n > 0) b |= 0x80;
    len.push(b);
  } while (n > 0);
  return Buffer.concat([Buffer.from([0x10, ...len]), body]);
}

export async function mqttLogin(ctx: Ctx, c: Candidate): Promise<Attempt> {
  const s = await ctx.net.tcp({ maxBytes: 4096 });
  if ('kind' in s) return { outcome: 'unreachable', detail: s.reason, transcript: [] };
  s.write(mqttConnect(`mamori-${randomBytes(4).toString('hex')}`, c.username, c.password));
  const r = await s.read({ complete: (b) => b.length >= 4, timeoutMs: STEP, maxBytes: 64 });
  s.write(Buffer.from([0xe0, 0]));
  s.close();
  const b = r.data;
  if (b.length < 4 || b[0] !== 0x20 || b[1] !== 2) return { outcome: 'error', detail: 'no CONNACK', transcript: s.transcript };
  const code = b[3]!;
  if (code === 0) return { outcome: 'success', detail: 'CONNACK 0 (accepted)', transcript: s.transcript };
  return { outcome: code === 4 || code === 5 ? 'failure' : 'error', detail: `CONNACK ${code}`, transcript: s.transcript };
}
