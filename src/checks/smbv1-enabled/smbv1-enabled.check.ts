// smbv1-enabled (S1): sends one SMB1 NEGOTIATE offering only "NT LM 0.12" (nmap smb-protocols' test) and
// reads the chosen dialect. Index 0 = the server speaks SMBv1, the protocol EternalBlue/WannaCry and
// NotPetya use. An SMB2 reply, index 0xFFFF or a closed connection = SMBv1 refused. No session is opened.
import { z } from 'zod';
import { defineCheck } from '../types.js';
import { parseNegotiate } from '../shared/smb1.js';
import { smb1Negotiate } from '../shared/smb1-session.js';

export const SMB_SERVICES = ['smb', 'microsoft-ds', 'netbios-ssn', 'cifs'];
export const selectsSmb = (port: number, service: string | null): boolean => port === 445 || port === 139 || (service !== null && SMB_SERVICES.includes(service));

export const smbv1EnabledCheck = defineCheck({
  id: 'smbv1-enabled',
  title: { en: 'SMBv1 accepted', ja: 'SMBv1 を受け付けています' },
  description: {
    en: 'Sends one SMB1 NEGOTIATE request offering only the NT LM 0.12 dialect and reads which dialect the server picks. Opens no session.',
    ja: 'NT LM 0.12 方言だけを提示する SMB1 NEGOTIATE 要求を 1 回送り、サーバーが選んだ方言を確認します。セッションは開きません。',
  },
  remediation: {
    en: 'Disable SMBv1 (Windows: Set-SmbServerConfiguration -EnableSMB1Protocol $false, or remove the SMB1 feature; Samba: server min protocol = SMB2_10). Where an old OT device needs SMBv1, isolate it and block TCP 445 between zones.',
    ja: 'SMBv1 を無効にしてください（Windows: Set-SmbServerConfiguration -EnableSMB1Protocol $false または SMB1 機能の削除、Samba: server min protocol = SMB2_10）。古い OT 機器が SMBv1 を必要とする場合は隔離し、ゾーン間で TCP 445 を遮断してください。',
  },
  references: ['CVE-2017-0144', 'MS17-010', 'T0866', 'https://learn.microsoft.com/windows-server/storage/file-server/troubleshoot/detect-enable-and-disable-smbv1-v2-v3'],
  severity: 'high',
  safety: 'S1',
  tags: ['hygiene', 'smb', 'wannacry'],
  services: SMB_SERVICES,
  optionsSchema: z.object({}),
  selects: (_a, s) => s !== null && s.transport === 'tcp' && selectsSmb(s.port, s.service),
  async run(ctx) {
    const n = await smb1Negotiate(ctx, 3000);
    if (n.kind === 'unreachable') return { verdict: 'unknown', reason: `unreachable (${n.reason})` };
    const { session, reply } = n;
    session.close();
    const transcript = session.transcript;
    if (reply.kind === 'no-reply') {
      if (reply.end === 'timeout') return { verdict: 'unknown', reason: 'timeout', transcript };
      return { verdict: 'not-affected', summary: 'connection closed on an SMB1 negotiate: SMBv1 refused', transcript };
    }
    if (reply.kind === 'smb2') return { verdict: 'not-affected', summary: 'server answered in SMB2: SMBv1 not offered', transcript };
    if (reply.kind === 'garbled') return { verdict: 'unknown', reason: `unexpected reply: ${reply.note}`, transcript };
    const neg = parseNegotiate(reply.msg);
    if (!neg) return { verdict: 'unknown', reason: 'SMB1 reply that is not a negotiate response', transcript };
    if (neg.dialectIndex !== 0) return { verdict: 'not-affected', summary: `NT LM 0.12 rejected (dialect index 0x${neg.dialectIndex.toString(16)})`, transcript };
    const signing = neg.securityMode & 0x08 ? 'required' : neg.securityMode & 0x04 ? 'enabled' : 'disabled';
    return {
      verdict: 'exposed',
      confidence: 'confirmed',
      summary: `server accepted SMBv1 (NT LM 0.12), message signing ${signing}`,
      evidence: [
        { label: 'dialect', excerpt: 'NT LM 0.12 (index 0)' },
        { label: 'security mode', excerpt: `0x${neg.securityMode.toString(16)} (signing ${signing})` },
      ],
      transcript,
      data: { signing },
    };
  },
});
