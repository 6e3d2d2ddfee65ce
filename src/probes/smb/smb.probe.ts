// SMB identification (detection-techniques §4.1). Wire, each on its own connection:
//  1. SMB1 NEGOTIATE offering only "NT LM 0.12". DialectIndex 0 = SMBv1 accepted; 0xFFFF = refused; an SMB2
//     reply or a dropped connection = not offered. If accepted, SESSION_SETUP_ANDX carrying the first
//     NTLMSSP leg (NEGOTIATE) returns NativeOS/NativeLanMan ("Samba 4.17.12-Debian") and the CHALLENGE.
//  2. SMB2 NEGOTIATE offering 2.0.2-3.1.1 → chosen dialect, signing, GUID; then SESSION_SETUP with the
//     NTLMSSP NEGOTIATE → CHALLENGE: NetBIOS/DNS computer and domain names and the OS VERSION.
//  3. (listDialects) one NEGOTIATE per dialect to list exactly which are accepted.
// The NTLM AUTHENTICATE leg is never sent, so no logon is attempted and no account can lock: S1.
import { z } from 'zod';
import { isUnreachable, type TcpSession, type TranscriptEntry, type Unreachable } from '../../net/tcp-session.js';
import { decodeNtlmChallenge, encodeNtlmNegotiate, spnegoNegTokenInit, type NtlmChallenge } from '../../protocols/smb/ntlmssp.js';
import { decodeNegotiateResponse, decodeSessionSetupResponse, decodeSmb1, encodeNegotiate, encodeSessionSetupExtended } from '../../protocols/smb/smb1.js';
import {
  ALL_DIALECTS,
  capabilityNames,
  decodeSmb2Header,
  decodeSmb2NegotiateResponse,
  decodeSmb2SessionSetupResponse,
  dialectName,
  encodeSmb2Negotiate,
  encodeSmb2SessionSetup,
  SMB2_SECURITY_MODE,
} from '../../protocols/smb/smb2.js';
import { fingerprintSmb } from '../../protocols/smb/smb-fingerprint.js';
import { defineProbe, type ProbeContext } from '../types.js';
import { exchange, netbiosSession } from './smb-exchange.js';
import { fingerprintFacts } from '../fingerprint-facts.js';

export const smbOptionsSchema = z.object({ smb1: z.boolean().default(true), listDialects: z.boolean().default(true) }).strict();
export type SmbOptions = z.infer<typeof smbOptionsSchema>;

export interface SmbAttributes {
  smb1: {
    state: 'accepted' | 'rejected' | 'smb2-reply' | 'no-reply' | 'not-tried';
    extendedSecurity: boolean | null;
    signingRequired: boolean | null;
    nativeOs: string | null;
    nativeLanMan: string | null;
    primaryDomain: string | null;
    /** From a negotiate response without extended security (old Windows, embedded stacks). */
    serverName: string | null;
  };
  smb2: {
    dialect: string;
    /** Dialects accepted one by one; null when not listed. */
    dialects: string[] | null;
    signingEnabled: boolean;
    signingRequired: boolean;
    serverGuid: string;
    capabilities: string[];
    systemTime: string | null;
  } | null;
  /** The NTLMSSP challenge's names, and its VERSION as "major.minor.build". */
  ntlm: (Pick<NtlmChallenge, 'targetName' | 'netbiosComputer' | 'netbiosDomain' | 'dnsComputer' | 'dnsDomain' | 'dnsTree'> & { osVersion: string | null }) | null;
}

const ntlmToken = () => spnegoNegTokenInit(encodeNtlmNegotiate());

/** A session ready for SMB; on 139 after a NetBIOS SESSION REQUEST, 'not-smb' when that is refused. */
async function open(ctx: ProbeContext<SmbOptions>, transcript: TranscriptEntry[]): Promise<TcpSession | Unreachable | 'not-smb'> {
  const s = await ctx.net.tcp({ maxBytes: 64 * 1024 });
  if (isUnreachable(s) || ctx.port !== 139) return s;
  if (await netbiosSession(s)) return s;
  transcript.push(...s.transcript);
  s.close();
  return 'not-smb';
}

export const smbProbe = defineProbe<SmbOptions, SmbAttributes>({
  id: 'smb-negotiate',
  title: 'SMB dialects (SMBv1 accepted?), NTLM challenge: OS build, computer and domain names',
  protocol: 'smb',
  transport: 'tcp',
  defaultPorts: [445, 139],
  safety: 'S1',
  ot: false,
  tags: ['discovery', 'version', 'smb'],
  priority: 40,
  optionsSchema: smbOptionsSchema,
  async run(ctx) {
    const transcript: TranscriptEntry[] = [];
    const attrs: SmbAttributes = {
      smb1: { state: 'not-tried', extendedSecurity: null, signingRequired: null, nativeOs: null, nativeLanMan: null, primaryDomain: null, serverName: null },
      smb2: null,
      ntlm: null,
    };
    let challenge: NtlmChallenge | null = null;
    let sawSmb = false;
    const stepMs = () => Math.max(200, Math.floor((ctx.deadline - Date.now()) / 3));

    if (ctx.options.smb1 ?? true) {
      const s = await open(ctx, transcript);
      if (s === 'not-smb') return { kind: 'not-matched', note: 'NetBIOS session request refused', transcript };
      if (isUnreachable(s)) return s;
      try {
        const reply = await exchange(s, encodeNegotiate(['NT LM 0.12']), stepMs());
        const m1 = reply ? decodeSmb1(reply) : null;
        const neg = m1 ? decodeNegotiateResponse(m1) : null;
        if (neg && neg.dialectIndex === 0) {
          sawSmb = true;
          attrs.smb1.state = 'accepted';
          attrs.smb1.extendedSecurity = neg.extendedSecurity ?? null;
          attrs.smb1.signingRequired = neg.securityMode !== undefined ? (neg.securityMode & 0x08) !== 0 : null;
          if (neg.extendedSecurity) {
            const ssReply = await exchange(s, encodeSessionSetupExtended(ntlmToken(), { maxMpxCount: neg.maxMpxCount ?? 1 }), stepMs());
            const ssm = ssReply ? decodeSmb1(ssReply) : null;
            const ss = ssm ? decodeSessionSetupResponse(ssm) : null;
            if (ss) {
              attrs.smb1.nativeOs = ss.nativeOs.slice(0, 120) || null;
              attrs.smb1.nativeLanMan = ss.nativeLanMan.slice(0, 120) || null;
              attrs.smb1.primaryDomain = ss.primaryDomain.slice(0, 120) || null;
              challenge = decodeNtlmChallenge(ss.securityBlob);
            }
          } else {
            attrs.smb1.primaryDomain = neg.domainName?.slice(0, 120) || null;
            attrs.smb1.serverName = neg.serverName?.slice(0, 120) || null;
          }
        } else if (neg) {
          sawSmb = true;
          attrs.smb1.state = 'rejected';
        } else if (reply && decodeSmb2Header(reply)) {
          sawSmb = true;
          attrs.smb1.state = 'smb2-reply';
        } else {
          attrs.smb1.state = 'no-reply';
        }
      } finally {
        transcript.push(...s.transcript);
        s.close();
      }
    }

    if (Date.now() < ctx.deadline) {
      const s = await open(ctx, transcript);
      if (s === 'not-smb') {
        if (attrs.smb1.state === 'not-tried') return { kind: 'not-matched', note: 'NetBIOS session request refused', transcript };
      } else if (isUnreachable(s)) {
        if (attrs.smb1.state === 'not-tried') return s;
      } else {
        try {
          const neg = decodeSmb2NegotiateResponse((await exchange(s, encodeSmb2Negotiate([...ALL_DIALECTS]), stepMs())) ?? Buffer.alloc(0));
          if (neg) sawSmb = true;
          if (neg && neg.status === 0) {
            attrs.smb2 = {
              dialect: dialectName(neg.dialect),
              dialects: null,
              signingEnabled: (neg.securityMode & SMB2_SECURITY_MODE.SIGNING_ENABLED) !== 0,
              signingRequired: (neg.securityMode & SMB2_SECURITY_MODE.SIGNING_REQUIRED) !== 0,
              serverGuid: neg.serverGuid,
              capabilities: capabilityNames(neg.capabilities),
              systemTime: neg.systemTime,
            };
            const ss = decodeSmb2SessionSetupResponse((await exchange(s, encodeSmb2SessionSetup(ntlmToken(), 1), stepMs())) ?? Buffer.alloc(0));
            if (ss) challenge = decodeNtlmChallenge(ss.securityBlob) ?? challenge;
          }
        } finally {
          transcript.push(...s.transcript);
          s.close();
        }
      }
    }

    if (attrs.smb2 && (ctx.options.listDialects ?? true)) {
      const accepted: string[] = [];
      let complete = true;
      for (const d of ALL_DIALECTS) {
        if (Date.now() >= ctx.deadline) {
          complete = false;
          break;
        }
        const s = await open(ctx, transcript);
        if (s === 'not-smb' || isUnreachable(s)) {
          complete = false;
          break;
        }
        try {
          const neg = decodeSmb2NegotiateResponse((await exchange(s, encodeSmb2Negotiate([d]), stepMs())) ?? Buffer.alloc(0));
          if (!neg) complete = false;
          else if (neg.status === 0 && neg.dialect === d) accepted.push(dialectName(d));
        } finally {
          transcript.push(...s.transcript);
          s.close();
        }
      }
      if (complete) attrs.smb2.dialects = accepted;
    }

    if (!sawSmb) return { kind: 'not-matched', note: 'no SMB1 or SMB2 reply', transcript };

    if (challenge) {
      const v = challenge.version;
      attrs.ntlm = {
        targetName: challenge.targetName,
        netbiosComputer: challenge.netbiosComputer,
        netbiosDomain: challenge.netbiosDomain,
        dnsComputer: challenge.dnsComputer,
        dnsDomain: challenge.dnsDomain,
        dnsTree: challenge.dnsTree,
        osVersion: v ? `${v.major}.${v.minor}.${v.build}` : null,
      };
    }
    const native = attrs.smb1.nativeLanMan || attrs.smb1.nativeOs ? { os: attrs.smb1.nativeOs ?? '', lanman: attrs.smb1.nativeLanMan ?? '' } : null;
    const fp = fingerprintSmb(native, challenge);
    const evidence = [
      {
        label: 'SMB1 NEGOTIATE "NT LM 0.12"',
        excerpt:
          attrs.smb1.state === 'accepted' ? 'accepted (DialectIndex 0): SMBv1 enabled'
          : attrs.smb1.state === 'rejected' ? 'refused (DialectIndex 0xFFFF)'
          : attrs.smb1.state === 'smb2-reply' ? 'answered with an SMB2 header: SMBv1 not offered'
          : attrs.smb1.state === 'no-reply' ? 'no SMB1 reply (connection dropped or silent)'
          : 'not tried',
      },
    ];
    if (attrs.smb2) evidence.push({ label: 'SMB2 dialect', excerpt: `${attrs.smb2.dialect}${attrs.smb2.dialects ? ` (accepted: ${attrs.smb2.dialects.join(', ')})` : ''}; signing ${attrs.smb2.signingRequired ? 'required' : attrs.smb2.signingEnabled ? 'enabled' : 'off'}` });
    if (attrs.smb1.nativeLanMan) evidence.push({ label: 'NativeLanMan / NativeOS', excerpt: `${attrs.smb1.nativeLanMan} / ${attrs.smb1.nativeOs ?? ''}` });
    if (attrs.ntlm) evidence.push({ label: 'NTLM challenge', excerpt: `computer ${attrs.ntlm.netbiosComputer ?? '?'}, domain ${attrs.ntlm.netbiosDomain ?? '?'}, dns ${attrs.ntlm.dnsComputer ?? '?'}, version ${attrs.ntlm.osVersion ?? '?'}` });
    const hostname = attrs.ntlm?.dnsComputer || attrs.ntlm?.netbiosComputer || attrs.smb1.serverName || null;
    // NVD describes the EternalBlue family (CVE-2017-0143..0148) as the component microsoft:server_message_block:1.0
    // running on Windows: a Windows server seen accepting SMBv1 carries that component, so advisory matching can say
    // "affected" instead of "unknown". Samba speaking SMB1 is not that component.
    if (attrs.smb1.state === 'accepted' && !/samba/i.test(`${fp.product ?? ''} ${attrs.smb1.nativeLanMan ?? ''}`)) {
      fp.cpes.push('cpe:2.3:a:microsoft:server_message_block:1.0:*:*:*:*:*:*:*');
    }
    const facts = fingerprintFacts(fp);
    return {
      kind: 'identified',
      facts: {
        confidence: 'confirmed',
        service: 'smb',
        ...facts,
        ...(attrs.smb1.nativeLanMan ? { banner: attrs.smb1.nativeLanMan } : {}),
        device: { ...facts.device, ...(hostname ? { hostname } : {}), class: 'it' },
        attributes: attrs,
        evidence,
        transcript,
      },
    };
  },
});
