// snmp-default-community (S2): one SNMP v2c GetRequest for sysDescr.0 with "public", then one with
// "private" — the same read an SNMP identification probe already makes — no walk, no SET. An answer means
// anyone on the network can read the device's configuration (and "private" is often read-write).
// The community itself never reaches the evidence (transcripts are redacted).
import { z } from 'zod';
import { defineCheck } from '../types.js';
import { snmpCommunity } from '../default-credentials/logins.js';
import { redact } from '../default-credentials/default-credentials.check.js';
import type { Candidate } from '../default-credentials/credentials-data.js';
import type { TranscriptEntry } from '../../net/tcp-session.js';

const COMMUNITIES: Candidate[] = [
  { id: 'snmp-communities/1', username: '', password: 'public', why: 'factory default community' },
  { id: 'snmp-communities/2', username: '', password: 'private', why: 'factory default community' },
];

export const snmpDefaultCommunityCheck = defineCheck({
  id: 'snmp-default-community',
  title: { en: 'SNMP answers a default community (public/private)', ja: 'SNMP が既定のコミュニティ名（public/private）に応答します' },
  description: {
    en: 'Sends one SNMP v2c GetRequest for sysDescr.0 with the community "public" and, if that is not answered, one with "private". Nothing else is read or written.',
    ja: 'コミュニティ名 "public" で sysDescr.0 の SNMP v2c GetRequest を 1 回送り、応答がなければ "private" で 1 回送ります。それ以外の読み書きはしません。',
  },
  remediation: {
    en: 'Disable SNMP v1/v2c or set a long, unique community per device and restrict it to the management station; prefer SNMPv3 with authPriv. Never leave a read-write community at "private".',
    ja: 'SNMP v1/v2c を無効にするか、機器ごとに長く固有のコミュニティ名を設定し管理端末からのアクセスに限定してください。可能なら SNMPv3（authPriv）を使い、読み書き用コミュニティを "private" のままにしないでください。',
  },
  references: ['T0812', 'T0888', 'CVE-1999-0517'],
  severity: 'high',
  safety: 'S2',
  tags: ['hygiene', 'default-credentials', 'snmp'],
  services: ['snmp'],
  optionsSchema: z.object({}),
  selects: (_a, s) => s !== null && s.transport === 'udp' && (s.service === 'snmp' || (!s.service && s.port === 161)),
  async run(ctx) {
    const transcript: TranscriptEntry[] = [];
    let answered = 0;
    for (const c of COMMUNITIES) {
      const a = await snmpCommunity(ctx, c);
      transcript.push(...a.transcript);
      if (a.outcome === 'success') {
        return {
          verdict: 'exposed',
          confidence: 'confirmed',
          severity: c.password === 'private' ? 'critical' : 'high',
          discriminator: c.id,
          summary: `SNMP v2c answers the default community of entry ${c.id}`,
          evidence: [{ label: 'matched entry', excerpt: `${c.id} (${c.why})` }, { label: 'result', excerpt: a.detail }],
          transcript: redact(transcript, COMMUNITIES),
          data: { entry: c.id },
        };
      }
      if (a.outcome === 'failure' && /error-status/.test(a.detail)) answered++;
      if (a.outcome === 'error') return { verdict: 'unknown', reason: a.detail, transcript: redact(transcript, COMMUNITIES) };
    }
    // Agents drop requests with a wrong community silently, so silence to both is the hardened answer.
    return { verdict: 'not-affected', summary: `no answer to the default communities${answered ? ' (errors returned)' : ''}`, transcript: redact(transcript, COMMUNITIES) };
  },
});
