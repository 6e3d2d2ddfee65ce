// SNMP identification. Wire (UDP 161): first an SNMPv3 engine discovery (no user, no community: the
// agent's Report gives its engine ID, i.e. vendor enterprise number and often a MAC, boots and time);
// then one v1/v2c GetRequest for sysDescr, sysObjectID, sysUpTime and sysName per configured community,
// v2c first then v1, each waiting at most `perTryMs`; stops at the first valid Response (version,
// community and request-id must match). Read-only, but a community is an (often default) credential: S2.
// Community strings never appear in facts, evidence or transcripts: they are replaced by "*" bytes of the
// same length, and attributes keep only the index into the list.
// Facts: sysDescr → OS/firmware, sysObjectID → vendor (IANA enterprise number), sysName → hostname; an
// agent toolkit's enterprise number (net-snmp's 8072 in sysObjectID or the v3 engine ID) → the service product.
import { randomInt } from 'node:crypto';
import { z } from 'zod';
import { excerpt, type TranscriptEntry } from '../../net/tcp-session.js';
import { agentProduct, enterpriseVendor, fingerprintSnmp } from '../../protocols/snmp/snmp-fingerprint.js';
import { decodeV3Report, describeEngineId, encodeV3Discovery } from '../../protocols/snmp/snmp-v3.js';
import { decodeResponse, encodeGetRequest, ERROR_STATUS, OIDS, varText, type SnmpResponse, type SnmpVersion } from '../../protocols/snmp/snmp-message.js';
import { fingerprintFacts } from '../fingerprint-facts.js';
import { defineProbe } from '../types.js';

export const snmpOptionsSchema = z
  .object({
    communities: z.array(z.string().min(1).max(64)).min(1).max(10).default(['public']),
    perTryMs: z.number().int().min(50).max(5000).default(1000),
    v3Discovery: z.boolean().default(true),
  })
  .strict();
export type SnmpOptions = z.infer<typeof snmpOptionsSchema>;

export interface SnmpV3Engine {
  engineId: string;
  enterprise: number | null;
  format: string;
  mac: string | null;
  engineBoots: number;
  engineTime: number;
}

export interface SnmpAttributes {
  /** The version that answered the system-group GET; 'v3' when only the engine discovery answered. */
  snmpVersion: SnmpVersion | 'v3';
  /** Index into the configured communities (null: none accepted); the string itself is never stored. */
  communityIndex: number | null;
  /** 'public' / 'private' when the accepted community is one of those well-known defaults. */
  wellKnownCommunity: 'public' | 'private' | null;
  sysDescr: string | null;
  sysObjectID: string | null;
  sysUpTime: number | string | null;
  sysName: string | null;
  enterprise: number | null;
  errorStatus: string | null;
  v3: SnmpV3Engine | null;
}

const ASKED = [OIDS.sysDescr, OIDS.sysObjectID, OIDS.sysUpTime, OIDS.sysName];

function redact(buf: Buffer, secret: Buffer): Buffer {
  const out = Buffer.from(buf);
  for (let i = out.indexOf(secret); i >= 0 && secret.length > 0; i = out.indexOf(secret, i + secret.length)) out.fill(0x2a, i, i + secret.length);
  return out;
}

export const snmpProbe = defineProbe<SnmpOptions, SnmpAttributes>({
  id: 'snmp-system',
  title: 'SNMP v1/v2c system group (sysDescr, sysObjectID, sysName)',
  protocol: 'snmp',
  transport: 'udp',
  defaultPorts: [161],
  safety: 'S2',
  ot: false,
  tags: ['discovery', 'version'],
  priority: 50,
  optionsSchema: snmpOptionsSchema,
  async run(ctx) {
    const communities = ctx.options.communities ?? ['public'];
    const transcript: TranscriptEntry[] = [];
    let garbage = false;
    let v3: SnmpV3Engine | null = null;
    if (ctx.options.v3Discovery ?? true) {
      const msgId = randomInt(1, 0x7fffffff);
      const req = encodeV3Discovery(msgId, randomInt(1, 0x7fffffff));
      const r = await ctx.net.udp(req, {
        timeoutMs: ctx.options.perTryMs ?? 1000,
        maxBytes: 4096,
        accept: (msg) => {
          const ok = decodeV3Report(msg)?.msgId === msgId;
          if (!ok) garbage = true;
          return ok;
        },
      });
      transcript.push(...r.transcript.filter((e) => e.dir === 'sent'));
      if (r.reply) {
        transcript.push({ dir: 'received', bytes: r.reply.length, excerpt: excerpt(r.reply) });
        const rep = decodeV3Report(r.reply);
        if (rep) {
          const e = describeEngineId(rep.engineId);
          v3 = { engineId: e.hex, enterprise: e.enterprise, format: e.format, mac: e.mac, engineBoots: rep.engineBoots, engineTime: rep.engineTime };
        }
      }
    }
    for (const [index, community] of communities.entries()) {
      const secret = Buffer.from(community, 'utf8');
      for (const version of ['v2c', 'v1'] as const) {
        if (Date.now() >= ctx.deadline || ctx.signal.aborted) break;
        const requestId = randomInt(1, 0x7fffffff);
        const req = encodeGetRequest(version, secret, requestId, ASKED);
        let matched: SnmpResponse | null = null;
        const r = await ctx.net.udp(req, {
          timeoutMs: ctx.options.perTryMs ?? 1000,
          maxBytes: 4096,
          accept: (msg) => {
            const d = decodeResponse(msg);
            if (d && d.requestId === requestId && d.community.equals(secret) && d.version === (version === 'v2c' ? 1 : 0)) {
              matched = d;
              return true;
            }
            garbage = true;
            return false;
          },
        });
        transcript.push({ dir: 'sent', bytes: req.length, excerpt: `SNMP${version} GetRequest community #${index + 1} ${excerpt(redact(req, secret))}` });
        if (r.reply) transcript.push({ dir: 'received', bytes: r.reply.length, excerpt: excerpt(redact(r.reply, secret)) });
        else if (garbage) transcript.push({ dir: 'received', bytes: 0, excerpt: 'datagram(s) that are not a matching SNMP Response' });
        const resp = matched as SnmpResponse | null;
        if (!resp) continue;
        const get = (oid: string) => resp.varbinds.find((v) => v.oid === oid)?.value;
        const sysDescr = varText(get(OIDS.sysDescr));
        const sysObjectIDv = get(OIDS.sysObjectID);
        const sysObjectID = sysObjectIDv?.type === 'oid' ? sysObjectIDv.value : null;
        const up = get(OIDS.sysUpTime);
        const sysName = varText(get(OIDS.sysName), 255);
        const fp = fingerprintSnmp(sysDescr, sysObjectID);
        const { device, ...named } = fingerprintFacts({ ...fp, product: agentProduct(fp.enterprise) ?? agentProduct(v3?.enterprise ?? null) });
        const wellKnown = community === 'public' || community === 'private' ? community : null;
        const evidence = [{ label: 'community accepted', excerpt: `SNMP${version} GetRequest answered with community #${index + 1}${wellKnown ? ` (well-known "${wellKnown}")` : ''}` }];
        if (sysDescr) evidence.push({ label: 'sysDescr', excerpt: sysDescr.slice(0, 200) });
        if (sysObjectID) evidence.push({ label: 'sysObjectID', excerpt: sysObjectID });
        return {
          kind: 'identified',
          facts: {
            confidence: 'confirmed',
            service: 'snmp',
            ...named,
            ...(sysDescr ? { banner: sysDescr.slice(0, 255) } : {}),
            device: {
              ...device,
              ...(fp.model ? { model: fp.model } : {}),
              ...(fp.firmware ? { firmware: fp.firmware } : {}),
              ...(sysName ? { hostname: sysName } : {}),
            },
            attributes: {
              snmpVersion: version,
              communityIndex: index,
              wellKnownCommunity: wellKnown,
              sysDescr,
              sysObjectID,
              sysUpTime: up?.type === 'unsigned' ? up.value : null,
              sysName,
              enterprise: fp.enterprise ?? v3?.enterprise ?? null,
              errorStatus: ERROR_STATUS[resp.errorStatus] ?? `error ${resp.errorStatus}`,
              v3,
            },
            evidence,
            transcript,
          },
        };
      }
    }
    if (v3) {
      // No community accepted, but the agent answered the engine discovery: SNMP is there.
      const vendor = enterpriseVendor(v3.enterprise);
      const product = agentProduct(v3.enterprise);
      return {
        kind: 'identified',
        facts: {
          confidence: 'confirmed',
          service: 'snmp',
          ...(product ? { product } : {}),
          device: { ...(vendor ? { vendor } : {}) },
          attributes: {
            snmpVersion: 'v3', communityIndex: null, wellKnownCommunity: null, sysDescr: null, sysObjectID: null,
            sysUpTime: null, sysName: null, enterprise: v3.enterprise, errorStatus: null, v3,
          },
          evidence: [
            { label: 'SNMPv3 engine discovery', excerpt: `engine ID ${v3.engineId} (enterprise ${v3.enterprise ?? '?'}, ${v3.format}), boots ${v3.engineBoots}` },
            { label: 'communities', excerpt: `none of the ${communities.length} configured communities was answered` },
          ],
          transcript,
        },
      };
    }
    if (garbage) return { kind: 'not-matched', note: 'replies were not a matching SNMP Response', transcript };
    // No answer at all: a closed or filtered UDP port, or no community accepted (agents stay silent then).
    return { kind: 'unreachable', reason: 'timeout' };
  },
});
