// Telnet (RFC 854/855) option negotiation: split a byte stream into data and IAC commands, and build the
// minimal, non-committal answers a probe sends (RFC 1143's "refuse what you do not want"): WILL ECHO and
// WILL SUPPRESS-GO-AHEAD are accepted with DO (what every login prompt expects); every other WILL gets
// DONT and every DO gets WONT. Subnegotiations are skipped. Pure; bounded by the caller's buffer.

export const IAC = 255;
export const CMD = { SE: 240, NOP: 241, GA: 249, SB: 250, WILL: 251, WONT: 252, DO: 253, DONT: 254 } as const;
export const OPT_NAMES: Record<number, string> = {
  0: 'binary', 1: 'echo', 3: 'suppress-go-ahead', 5: 'status', 6: 'timing-mark', 24: 'terminal-type', 31: 'naws',
  32: 'terminal-speed', 33: 'remote-flow-control', 34: 'linemode', 35: 'x-display-location', 36: 'environ', 37: 'authentication',
  38: 'encrypt', 39: 'new-environ',
};

export type Verb = 'WILL' | 'WONT' | 'DO' | 'DONT';
export interface Negotiation {
  verb: Verb;
  option: number;
}

export interface TelnetParse {
  /** Data bytes with IAC sequences removed (IAC IAC → 255). */
  data: Buffer;
  negotiations: Negotiation[];
  subnegotiations: number[];
  /** Bytes at the end that start an IAC sequence not yet complete (keep them for the next chunk). */
  rest: Buffer;
}

const VERBS: Record<number, Verb> = { 251: 'WILL', 252: 'WONT', 253: 'DO', 254: 'DONT' };

export function parseTelnet(buf: Buffer): TelnetParse {
  const data: number[] = [];
  const negotiations: Negotiation[] = [];
  const subnegotiations: number[] = [];
  let i = 0;
  while (i < buf.length) {
    const b = buf[i] as number;
    if (b !== IAC) {
      data.push(b);
      i++;
      continue;
    }
    if (i + 1 >= buf.length) break;
    const c = buf[i + 1] as number;
    if (c === IAC) {
      data.push(IAC);
      i += 2;
    } else if (VERBS[c]) {
      if (i + 2 >= buf.length) break;
      negotiations.push({ verb: VERBS[c] as Verb, option: buf[i + 2] as number });
      i += 3;
    } else if (c === CMD.SB) {
      // skip to IAC SE
      let j = i + 2;
      while (j + 1 < buf.length && !(buf[j] === IAC && buf[j + 1] === CMD.SE)) j++;
      if (j + 1 >= buf.length) break;
      if (i + 2 < buf.length) subnegotiations.push(buf[i + 2] as number);
      i = j + 2;
    } else {
      i += 2; // NOP, GA, AYT...: two-byte commands
    }
  }
  return { data: Buffer.from(data), negotiations, subnegotiations, rest: buf.subarray(i) };
}

/** The refusing answers to a batch of negotiations; `answered` prevents answering the same one twice. */
export function answerNegotiations(negs: readonly Negotiation[], answered: Set<string>): Buffer {
  const out: number[] = [];
  for (const n of negs) {
    const key = `${n.verb}:${n.option}`;
    if (answered.has(key)) continue;
    answered.add(key);
    if (n.verb === 'WILL') out.push(IAC, n.option === 1 || n.option === 3 ? CMD.DO : CMD.DONT, n.option);
    else if (n.verb === 'DO') out.push(IAC, CMD.WONT, n.option);
    // WONT / DONT need no answer when we never asked (RFC 854).
  }
  return Buffer.from(out);
}

export const describeNegotiation = (n: Negotiation): string => `${n.verb} ${OPT_NAMES[n.option] ?? n.option}`;

export type PromptKind = 'login' | 'password' | 'shell' | null;

/** What the last line of text asks for. */
export function detectPrompt(text: string): PromptKind {
  const tail = text.replace(/\r/g, '').split('\n').pop()?.trimEnd() ?? '';
  if (/(?:login|user(?:name| name)?|user id)\s*:$/i.test(tail)) return 'login';
  if (/pass(?:word|code)?\s*:$/i.test(tail)) return 'password';
  if (/[#$>%]$/.test(tail) && tail.length <= 80) return 'shell';
  return null;
}

export interface TelnetFingerprint {
  product: string | null;
  os: { name: string; version?: string } | null;
  vendor: string | null;
  kind: string | null;
  class: 'it' | 'ot' | 'iot' | null;
}

export function fingerprintTelnet(banner: string): TelnetFingerprint {
  const fp: TelnetFingerprint = { product: null, os: null, vendor: null, kind: null, class: null };
  let m: RegExpExecArray | null;
  if ((m = /Debian GNU\/Linux (\d+)/.exec(banner))) fp.os = { name: 'Debian', version: m[1] as string };
  else if ((m = /Ubuntu (\d+\.\d+)/.exec(banner))) fp.os = { name: 'Ubuntu', version: m[1] as string };
  if (/BusyBox/i.test(banner)) {
    fp.product = 'BusyBox telnetd';
    fp.os ??= { name: 'Linux' };
    fp.class = 'iot';
  }
  if (/User Access Verification/.test(banner)) {
    fp.vendor = 'Cisco';
    fp.os = { name: 'Cisco IOS' };
    fp.kind = 'router';
  } else if (/MikroTik/i.test(banner)) {
    fp.vendor = 'MikroTik';
    fp.os = { name: 'RouterOS' };
    fp.kind = 'router';
  } else if (/HP JetDirect/i.test(banner)) {
    fp.vendor = 'HP';
    fp.kind = 'printer';
  }
  return fp;
}
