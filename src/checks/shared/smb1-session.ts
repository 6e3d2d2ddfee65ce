// Opens an SMB1 null session to IPC$ step by step (negotiate → anonymous session setup → tree connect), as
// nmap's smb-vuln-ms17-010 and Metasploit's scanner do. Each way it can stop is a value, so checks can tell
// "SMB1 not offered" (the worm's door is shut) from "null session refused" (cannot tell: unknown).
import type { CheckContext, CheckResult } from '../types.js';
import type { TcpSession } from '../../net/tcp-session.js';
import {
  netbiosSessionRequest,
  exchange,
  negotiateRequest,
  NT_STATUS,
  parseNegotiate,
  sessionSetupAnonymousRequest,
  statusHex,
  treeConnectRequest,
  type Ids,
} from './smb1.js';

export type Smb1IpcOutcome =
  | { kind: 'ready'; session: TcpSession; ids: Ids; nextMid: () => number }
  | { kind: 'no-smb1'; detail: string; session: TcpSession }
  | { kind: 'null-session-refused'; detail: string; session: TcpSession }
  | { kind: 'unreachable'; reason: string }
  | { kind: 'garbled'; detail: string; session: TcpSession }
  | { kind: 'timeout'; detail: string; session: TcpSession };

export async function smb1Negotiate(ctx: CheckContext<unknown>, stepMs: number) {
  const s = await ctx.net.tcp({ maxBytes: 64 * 1024 });
  if ('kind' in s) return { kind: 'unreachable' as const, reason: s.reason };
  const ids: Ids = { tid: 0, uid: 0, pid: 0xfeff, mid: 1 };
  if (isNetbiosSessionPort(ctx)) {
    // TCP 139: open the NetBIOS session first; 0x82 = positive response, anything else = no SMB here.
    s.write(netbiosSessionRequest());
    const r = await s.read({ complete: (b) => b.length >= 4, timeoutMs: stepMs, maxBytes: 64 });
    if (r.data[0] !== 0x82) {
      return { kind: 'sent' as const, session: s, ids, reply: r.data.length ? ({ kind: 'garbled', note: `NetBIOS session refused (0x${(r.data[0] ?? 0).toString(16)})` } as const) : ({ kind: 'no-reply', end: r.end } as const) };
    }
  }
  const r = await exchange(s, negotiateRequest(ids), stepMs);
  return { kind: 'sent' as const, session: s, ids, reply: r };
}

const isNetbiosSessionPort = (ctx: CheckContext<unknown>) => ctx.service?.port === 139 || ctx.service?.service === 'netbios-ssn';

export async function openIpcNullSession(ctx: CheckContext<unknown>, stepMs = 2000): Promise<Smb1IpcOutcome> {
  const n = await smb1Negotiate(ctx, stepMs);
  if (n.kind === 'unreachable') return { kind: 'unreachable', reason: n.reason };
  const { session, ids } = n;
  let mid = 1;
  const nextMid = () => ++mid;
  const r = n.reply;
  if (r.kind === 'no-reply') {
    return r.end === 'timeout' ? { kind: 'timeout', detail: 'no reply to SMB1 negotiate', session } : { kind: 'no-smb1', detail: `connection ${r.end} after SMB1 negotiate`, session };
  }
  if (r.kind === 'smb2') return { kind: 'no-smb1', detail: 'server answered SMB1 negotiate in SMB2', session };
  if (r.kind === 'garbled') return { kind: 'garbled', detail: r.note, session };
  const neg = parseNegotiate(r.msg);
  if (!neg) return { kind: 'garbled', detail: 'negotiate reply without dialect index', session };
  if (neg.dialectIndex !== 0) return { kind: 'no-smb1', detail: `NT LM 0.12 rejected (dialect index 0x${neg.dialectIndex.toString(16)})`, session };

  const ss = await exchange(session, sessionSetupAnonymousRequest({ ...ids, mid: nextMid() }, neg.sessionKey), stepMs);
  if (ss.kind !== 'smb1') return ss.kind === 'no-reply' && ss.end === 'timeout' ? { kind: 'timeout', detail: 'no reply to session setup', session } : { kind: 'null-session-refused', detail: `session setup: ${ss.kind}`, session };
  if (ss.msg.header.status !== NT_STATUS.SUCCESS) {
    return { kind: 'null-session-refused', detail: `anonymous session setup refused (${statusHex(ss.msg.header.status)})`, session };
  }
  ids.uid = ss.msg.header.uid;
  const tc = await exchange(session, treeConnectRequest({ ...ids, mid: nextMid() }, ctx.host), stepMs);
  if (tc.kind !== 'smb1') return tc.kind === 'no-reply' && tc.end === 'timeout' ? { kind: 'timeout', detail: 'no reply to tree connect', session } : { kind: 'null-session-refused', detail: `tree connect IPC$: ${tc.kind}`, session };
  if (tc.msg.header.status !== NT_STATUS.SUCCESS) {
    return { kind: 'null-session-refused', detail: `tree connect to IPC$ refused (${statusHex(tc.msg.header.status)})`, session };
  }
  ids.tid = tc.msg.header.tid;
  return { kind: 'ready', session, ids, nextMid };
}

/**
 * The common start of the IPC$ checks (MS17-010, DoublePulsar): a ready session, or the verdict that the way
 * it stopped decides. `noSmb1` says why SMB2-only is a pass for this check.
 */
export async function readyIpcSessionOrVerdict(
  ctx: CheckContext<unknown>,
  noSmb1: string,
): Promise<{ ready: Extract<Smb1IpcOutcome, { kind: 'ready' }> } | { verdict: CheckResult }> {
  const o = await openIpcNullSession(ctx);
  if (o.kind === 'unreachable') return { verdict: { verdict: 'unknown', reason: `unreachable (${o.reason})` } };
  if (o.kind === 'ready') return { ready: o };
  o.session.close();
  const transcript = o.session.transcript;
  if (o.kind === 'no-smb1') return { verdict: { verdict: 'not-affected', summary: `${o.detail}: ${noSmb1}`, transcript } };
  if (o.kind === 'null-session-refused') return { verdict: { verdict: 'unknown', reason: `${o.detail}; supply credentials to test`, transcript } };
  if (o.kind === 'timeout') return { verdict: { verdict: 'unknown', reason: `timeout: ${o.detail}`, transcript } };
  return { verdict: { verdict: 'unknown', reason: `unexpected reply: ${o.detail}`, transcript } };
}
