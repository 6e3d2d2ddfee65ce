// Bounded SMB request/response over one TcpSession: NetBIOS framing, a per-read cap and the session's
// deadline. Kept beside the probe so the probe reads as the protocol steps.
import type { TcpSession } from '../../net/tcp-session.js';
import { frame, NBSS, readFrame, sessionRequest } from '../../protocols/smb/netbios.js';

export const MAX_REPLY = 32 * 1024;

/** Sends one SMB message and returns the payload of the next message frame, or null. */
export async function exchange(s: TcpSession, msg: Buffer, timeoutMs?: number): Promise<Buffer | null> {
  s.write(frame(msg));
  return nextFrame(s, timeoutMs);
}

export async function nextFrame(s: TcpSession, timeoutMs?: number): Promise<Buffer | null> {
  let buf = Buffer.alloc(0);
  for (let i = 0; i < 8; i++) {
    const r = await s.read({
      complete: (b) => readFrame(Buffer.concat([buf, b]), MAX_REPLY) !== 'incomplete',
      ...(timeoutMs ? { timeoutMs } : {}),
    });
    buf = Buffer.concat([buf, r.data]);
    const f = readFrame(buf, MAX_REPLY);
    if (f === 'invalid' || (f === 'incomplete' && r.end !== 'complete')) return null;
    if (f === 'incomplete') continue;
    if (f.type === NBSS.KEEPALIVE) {
      buf = buf.subarray(f.size);
      continue;
    }
    return f.type === NBSS.MESSAGE ? f.payload : null;
  }
  return null;
}

/** Port 139 needs a NetBIOS SESSION REQUEST first; true when the server accepted it. */
export async function netbiosSession(s: TcpSession): Promise<boolean> {
  s.write(sessionRequest());
  const r = await s.read({ complete: (b) => b.length >= 4, maxBytes: 64 });
  return r.data[0] === NBSS.POSITIVE_RESPONSE;
}
