// ms17-010 (S2): the non-intrusive MS17-010 patch test of nmap's smb-vuln-ms17-010 and Metasploit: over an
// anonymous (null) session to IPC$, one SMB_COM_TRANSACTION PeekNamedPipe on FID 0 with zero counts.
// Unpatched srv.sys answers STATUS_INSUFF_SERVER_RESOURCES; patched hosts STATUS_ACCESS_DENIED or
// STATUS_INVALID_HANDLE. No exploit bytes are sent. A refused null session is 'unknown', never a pass.
import { z } from 'zod';
import { defineCheck } from '../types.js';
import { exchange, NT_STATUS, peekNamedPipeFid0Request, statusHex } from '../shared/smb1.js';
import { readyIpcSessionOrVerdict } from '../shared/smb1-session.js';
import { SMB_SERVICES, selectsSmb } from '../smbv1-enabled/smbv1-enabled.check.js';

export const ms17010Check = defineCheck({
  id: 'ms17-010',
  title: { en: 'MS17-010 (EternalBlue) patch missing', ja: 'MS17-010（EternalBlue）修正プログラム未適用' },
  description: {
    en: 'Opens an anonymous SMB1 session to IPC$ and sends one PeekNamedPipe transaction on FID 0 (the nmap smb-vuln-ms17-010 test). STATUS_INSUFF_SERVER_RESOURCES means the host is unpatched.',
    ja: '匿名 SMB1 セッションで IPC$ に接続し、FID 0 に対する PeekNamedPipe トランザクションを 1 回送ります（nmap smb-vuln-ms17-010 と同じ手法）。STATUS_INSUFF_SERVER_RESOURCES が返れば未修正です。',
  },
  remediation: {
    en: 'Install MS17-010 (KB4012598 and successors; out-of-band updates exist for Windows XP/2003/8), disable SMBv1, and block TCP 445 between zones. If the host cannot be patched (OT), isolate it and record a risk acceptance.',
    ja: 'MS17-010（KB4012598 以降。Windows XP/2003/8 向けの定例外更新あり）を適用し、SMBv1 を無効化し、ゾーン間の TCP 445 を遮断してください。OT などで適用できない場合は隔離し、リスク受容を記録してください。',
  },
  references: ['CVE-2017-0143', 'CVE-2017-0144', 'CVE-2017-0145', 'CVE-2017-0146', 'CVE-2017-0147', 'CVE-2017-0148', 'MS17-010', 'T0866'],
  severity: 'critical',
  safety: 'S2',
  tags: ['vuln', 'smb', 'wannacry'],
  services: SMB_SERVICES,
  optionsSchema: z.object({}),
  selects: (_a, s) => s !== null && s.transport === 'tcp' && selectsSmb(s.port, s.service),
  async run(ctx) {
    const opened = await readyIpcSessionOrVerdict(ctx, 'EternalBlue needs SMBv1');
    if ('verdict' in opened) return opened.verdict;
    const o = opened.ready;
    const transcript = o.session.transcript;
    const r = await exchange(o.session, peekNamedPipeFid0Request({ ...o.ids, mid: o.nextMid() }), 3000);
    o.session.close();
    if (r.kind !== 'smb1') return { verdict: 'unknown', reason: `no SMB1 reply to the transaction (${r.kind})`, transcript };
    const st = r.msg.header.status >>> 0;
    const evidence = [{ label: 'PeekNamedPipe FID 0', excerpt: statusHex(st) }];
    if (st === NT_STATUS.INSUFF_SERVER_RESOURCES) {
      return { verdict: 'exploitable', confidence: 'confirmed', summary: 'PeekNamedPipe on FID 0 returned STATUS_INSUFF_SERVER_RESOURCES: MS17-010 is not installed', evidence, transcript };
    }
    if (st === NT_STATUS.ACCESS_DENIED || st === NT_STATUS.INVALID_HANDLE) {
      return { verdict: 'not-affected', summary: `PeekNamedPipe on FID 0 returned ${statusHex(st)}: patched`, evidence, transcript };
    }
    return { verdict: 'unknown', reason: `status ${statusHex(st)} does not decide MS17-010`, evidence, transcript };
  },
});
