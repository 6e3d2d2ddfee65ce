// VNC / RFB identification (RFC 6143 §7.1). Wire: read the server's "RFB xxx.yyy\n", answer with the
// matching client version, read the offered security types (or the failure reason), close. No security
// type is chosen, so no authentication starts: S1. Facts: protocol version, security types, and whether
// type 1 "None" (no password at all) is offered.
import { z } from 'zod';
import { isUnreachable } from '../../net/tcp-session.js';
import { clientVersionFor, fingerprintRfb, parseSecurity, parseServerVersion, SECURITY_TYPES } from '../../protocols/vnc/rfb.js';
import { defineProbe } from '../types.js';

export interface VncAttributes {
  serverVersion: string;
  protocol: '3.3' | '3.7' | '3.8';
  securityTypes: string[];
  noAuth: boolean;
  failureReason: string | null;
}

export const vncProbe = defineProbe<Record<string, never>, VncAttributes>({
  id: 'vnc-rfb',
  title: 'VNC protocol version and security types',
  protocol: 'vnc',
  transport: 'tcp',
  defaultPorts: [5900, 5901, 5800],
  safety: 'S1',
  ot: false,
  tags: ['discovery', 'remote-access'],
  priority: 15,
  optionsSchema: z.record(z.string(), z.never()),
  async run(ctx) {
    const s = await ctx.net.tcp({ maxBytes: 4096 });
    if (isUnreachable(s)) return s;
    try {
      const first = await s.read({ complete: (b) => b.length >= 12 || b.includes(0x0a), maxBytes: 64 });
      const v = parseServerVersion(first.data);
      if (!v) return { kind: 'not-matched', note: first.data.length ? 'greeting is not "RFB xxx.yyy"' : `no greeting (${first.end})`, transcript: s.transcript };
      const { line, protocol } = clientVersionFor(v);
      s.write(line);
      let buf = first.data.subarray(12);
      let offer = parseSecurity(buf, protocol);
      for (let i = 0; i < 8 && offer === 'incomplete'; i++) {
        const r = await s.read({ complete: (b) => parseSecurity(Buffer.concat([buf, b]), protocol) !== 'incomplete', maxBytes: 2048 });
        buf = Buffer.concat([buf, r.data]);
        offer = parseSecurity(buf, protocol);
        if (r.end !== 'complete') break;
      }
      // A valid greeting is VNC even if the security step is cut short.
      const types = typeof offer === 'object' && offer.kind === 'types' ? offer.types : [];
      const failureReason = typeof offer === 'object' && offer.kind === 'failure' ? offer.reason.slice(0, 300) : null;
      const names = types.map((t) => SECURITY_TYPES[t] ?? `type-${t}`);
      const fp = fingerprintRfb(v, types);
      const evidence = [{ label: 'RFB version', excerpt: `RFB ${v.text}` }];
      if (names.length) evidence.push({ label: 'security types', excerpt: names.join(', ') });
      if (failureReason) evidence.push({ label: 'security failure', excerpt: failureReason });
      if (types.includes(1)) evidence.push({ label: 'no authentication', excerpt: 'security type 1 "None" offered' });
      return {
        kind: 'identified',
        facts: {
          confidence: typeof offer === 'object' ? 'confirmed' : 'likely',
          service: 'vnc',
          ...(fp.product ? { product: fp.product } : {}),
          version: v.text,
          banner: `RFB ${v.text}`,
          device: { ...(fp.os ? { os: fp.os } : {}) },
          attributes: { serverVersion: v.text, protocol, securityTypes: names, noAuth: types.includes(1), failureReason },
          evidence,
          transcript: s.transcript,
        },
      };
    } finally {
      s.close();
    }
  },
});
