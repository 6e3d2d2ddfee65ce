// RDP identification and security policy (MS-RDPBCGR §1.3.1.1, §2.2.1.1-2). Wire, one connection each:
// an X.224 Connection Request with RDP_NEG_REQ asking for (1) TLS | CredSSP | CredSSP-EX — the protocol
// the server selects; (2) TLS only — refused with HYBRID_REQUIRED_BY_SERVER when NLA is required;
// (3) standard RDP security only — accepted when the weak legacy encryption is still allowed. Each
// connection is closed right after the Connection Confirm: no TLS, no MCS, no logon screen. S1.
import { z } from 'zod';
import { isUnreachable, type TranscriptEntry, type Unreachable } from '../../net/tcp-session.js';
import {
  decodeConnectionConfirm,
  encodeConnectionRequest,
  FAILURE_CODES,
  PROTOCOL,
  PROTOCOL_NAMES,
  tpktComplete,
  type ConnectionConfirm,
} from '../../protocols/rdp/x224.js';
import { defineProbe, type ProbeContext } from '../types.js';

export const rdpOptionsSchema = z.object({ policy: z.boolean().default(true) }).strict();
export type RdpOptions = z.infer<typeof rdpOptionsSchema>;

export interface RdpAttributes {
  /** Protocol selected when offered everything: 'credssp', 'tls', 'rdp'... or null on failure. */
  selectedProtocol: string | null;
  failure: string | null;
  /** Server answered without negotiation data: an old server, standard RDP security only. */
  legacyNegotiation: boolean;
  /** Network Level Authentication required; null when not determined. */
  nlaRequired: boolean | null;
  /** Standard RDP security (RC4, no TLS) still accepted; null when not determined. */
  standardSecurityAllowed: boolean | null;
  restrictedAdminSupported: boolean | null;
}

type Ask = { cc: ConnectionConfirm | null; unreachable?: Unreachable; garbage: boolean };

async function ask(ctx: ProbeContext<RdpOptions>, requested: number, transcript: TranscriptEntry[]): Promise<Ask> {
  const s = await ctx.net.tcp({ maxBytes: 1024 });
  if (isUnreachable(s)) return { cc: null, unreachable: s, garbage: false };
  try {
    s.write(encodeConnectionRequest(requested));
    const r = await s.read({ complete: tpktComplete, maxBytes: 1024 });
    const cc = decodeConnectionConfirm(r.data);
    return { cc, garbage: !cc && r.data.length > 0 };
  } finally {
    transcript.push(...s.transcript);
    s.close();
  }
}

export const rdpProbe = defineProbe<RdpOptions, RdpAttributes>({
  id: 'rdp-negotiate',
  title: 'RDP security negotiation (NLA, TLS, standard RDP security)',
  protocol: 'rdp',
  transport: 'tcp',
  defaultPorts: [3389],
  safety: 'S1',
  ot: false,
  tags: ['discovery', 'remote-access'],
  priority: 60,
  optionsSchema: rdpOptionsSchema,
  async run(ctx) {
    const transcript: TranscriptEntry[] = [];
    const first = await ask(ctx, PROTOCOL.SSL | PROTOCOL.HYBRID | PROTOCOL.HYBRID_EX, transcript);
    if (first.unreachable) return first.unreachable;
    const cc = first.cc;
    if (!cc) return { kind: 'not-matched', note: first.garbage ? 'reply is not an X.224 Connection Confirm' : 'no reply', transcript };
    const attrs: RdpAttributes = {
      selectedProtocol: cc.kind === 'selected' ? (PROTOCOL_NAMES[cc.protocol] ?? `0x${cc.protocol.toString(16)}`) : cc.kind === 'no-negotiation' ? 'rdp' : null,
      failure: cc.kind === 'failure' ? (FAILURE_CODES[cc.code] ?? `code ${cc.code}`) : null,
      legacyNegotiation: cc.kind === 'no-negotiation',
      nlaRequired: null,
      standardSecurityAllowed: cc.kind === 'no-negotiation' ? true : null,
      restrictedAdminSupported: cc.kind === 'selected' ? (cc.flags & 0x08) !== 0 : null,
    };
    if ((ctx.options.policy ?? true) && cc.kind === 'selected') {
      const tlsOnly = await ask(ctx, PROTOCOL.SSL, transcript);
      if (tlsOnly.cc?.kind === 'failure') attrs.nlaRequired = tlsOnly.cc.code === 5;
      else if (tlsOnly.cc?.kind === 'selected') attrs.nlaRequired = false;
      const legacy = await ask(ctx, PROTOCOL.RDP, transcript);
      if (legacy.cc?.kind === 'failure') attrs.standardSecurityAllowed = false;
      else if (legacy.cc?.kind === 'selected' && legacy.cc.protocol === PROTOCOL.RDP) attrs.standardSecurityAllowed = true;
    } else if (cc.kind === 'failure' && cc.code === 5) {
      attrs.nlaRequired = true;
    }
    const evidence = [
      {
        label: 'X.224 Connection Confirm',
        excerpt: cc.kind === 'selected' ? `selected ${attrs.selectedProtocol}` : cc.kind === 'failure' ? `failure ${attrs.failure}` : 'no negotiation data (legacy server)',
      },
    ];
    if (attrs.nlaRequired !== null) evidence.push({ label: 'NLA', excerpt: attrs.nlaRequired ? 'required (TLS-only request refused with HYBRID_REQUIRED_BY_SERVER)' : 'not required (TLS-only request accepted)' });
    if (attrs.standardSecurityAllowed !== null) evidence.push({ label: 'standard RDP security', excerpt: attrs.standardSecurityAllowed ? 'accepted' : 'refused' });
    return {
      kind: 'identified',
      facts: {
        confidence: 'confirmed',
        service: 'rdp',
        // Windows, xrdp and FreeRDP servers all speak it: no product is claimed from negotiation alone.
        device: { class: 'it' },
        attributes: attrs,
        evidence,
        transcript,
      },
    };
  },
});
