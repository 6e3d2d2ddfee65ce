// doublepulsar-implant (S2, infection indicator): the "ping" of nmap's smb-double-pulsar-backdoor and the
// Countercept script. Over an anonymous session to IPC$, one TRANS2_SESSION_SETUP with Multiplex ID 65 and
// Timeout 0x00A4D9A6 (opcode 0x23 = ping). The implant answers with Multiplex ID 81 (65+16); a clean host
// keeps 65. Never sent: the implant's exec (0xC8) or uninstall/kill (0x77) opcodes.
import { z } from 'zod';
import { defineCheck } from '../types.js';
import { DOUBLEPULSAR_PING_TIMEOUT, doublePulsarOpcode, exchange, statusHex, trans2SessionSetupRequest } from '../shared/smb1.js';
import { readyIpcSessionOrVerdict } from '../shared/smb1-session.js';
import { SMB_SERVICES, selectsSmb } from '../smbv1-enabled/smbv1-enabled.check.js';

const PING_MID = 65;

export const doublepulsarImplantCheck = defineCheck({
  id: 'doublepulsar-implant',
  title: { en: 'DoublePulsar implant answers (host infected)', ja: 'DoublePulsar バックドアが応答（感染済み）' },
  description: {
    en: 'Sends the DoublePulsar ping (TRANS2_SESSION_SETUP, Multiplex ID 65) over an anonymous SMB1 session; a reply with Multiplex ID 81 means the kernel implant is installed.',
    ja: '匿名 SMB1 セッションで DoublePulsar の ping（TRANS2_SESSION_SETUP、Multiplex ID 65）を送ります。Multiplex ID 81 で応答すればカーネルバックドアが組み込まれています。',
  },
  remediation: {
    en: 'Treat the host as compromised: isolate it from the network now, preserve evidence, reinstall from known-good media, install MS17-010 and disable SMBv1 before reconnecting; look for the same implant on every host that can reach it.',
    ja: '侵害されたものとして扱ってください。直ちにネットワークから隔離し、証拠を保全し、正規メディアから再インストールし、MS17-010 適用と SMBv1 無効化の後に再接続してください。到達可能なすべてのホストで同じバックドアを確認してください。',
  },
  references: ['CVE-2017-0144', 'MS17-010', 'T0866', 'https://github.com/countercept/doublepulsar-detection-script'],
  severity: 'critical',
  safety: 'S2',
  tags: ['malware', 'smb', 'wannacry', 'indicator'],
  services: SMB_SERVICES,
  optionsSchema: z.object({}),
  selects: (_a, s) => s !== null && s.transport === 'tcp' && selectsSmb(s.port, s.service),
  async run(ctx) {
    const opened = await readyIpcSessionOrVerdict(ctx, 'the SMB implant is not reachable over SMB2');
    if ('verdict' in opened) return opened.verdict;
    const o = opened.ready;
    const transcript = o.session.transcript;
    if (doublePulsarOpcode(DOUBLEPULSAR_PING_TIMEOUT) !== 0x23) throw new Error('refusing to send anything but the ping opcode');
    const r = await exchange(o.session, trans2SessionSetupRequest({ ...o.ids, mid: PING_MID }), 3000);
    o.session.close();
    if (r.kind !== 'smb1') return { verdict: 'unknown', reason: `no SMB1 reply to the ping (${r.kind})`, transcript };
    const mid = r.msg.header.mid;
    if (mid === PING_MID + 16) {
      // The signature field carries the implant's XOR key (and architecture in the key's low bit, per the
      // public detection scripts): kept as evidence for incident response.
      const sig = r.msg.header.signature;
      const key = sig.readUInt32LE(0);
      return {
        verdict: 'infected',
        confidence: 'confirmed',
        severity: 'critical',
        summary: `DoublePulsar answered the ping (Multiplex ID ${PING_MID} → ${mid})`,
        evidence: [
          { label: 'multiplex id', excerpt: `${PING_MID} → ${mid}` },
          { label: 'status', excerpt: statusHex(r.msg.header.status) },
          { label: 'signature', excerpt: `${sig.toString('hex')} (XOR key 0x${key.toString(16)})` },
        ],
        transcript,
      };
    }
    return { verdict: 'not-affected', summary: `no implant: Multiplex ID unchanged (${mid}), status ${statusHex(r.msg.header.status)}`, transcript };
  },
});
