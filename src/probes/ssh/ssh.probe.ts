// SSH identification. Wire: connect, read the server's identification line (the server speaks first,
// RFC 4253 §4.2), close. Nothing is sent, so no session or key exchange is started: S1.
// Facts: implementation and version from the banner (OpenSSH_9.2p1 → cpe:2.3:a:openbsd:openssh:9.2:p1),
// OS hint from the distribution comment (Debian-2+deb12u3 → Debian 12).
import { z } from 'zod';
import { fingerprintSsh, parseSshIdent, sshIdentComplete } from '../../protocols/ssh/ssh-banner.js';
import { isUnreachable } from '../../net/tcp-session.js';
import { defineProbe } from '../types.js';

export const sshAttributesSchema = z.object({
  protoVersion: z.string(),
  software: z.string(),
  comments: z.string().nullable(),
  preamble: z.array(z.string()),
});
export type SshAttributes = z.infer<typeof sshAttributesSchema>;

export const sshProbe = defineProbe<Record<string, never>, SshAttributes>({
  id: 'ssh-banner',
  title: 'SSH identification string',
  protocol: 'ssh',
  transport: 'tcp',
  defaultPorts: [22, 2222],
  safety: 'S1',
  ot: false,
  tags: ['discovery', 'version'],
  priority: 10,
  optionsSchema: z.record(z.string(), z.never()),
  async run(ctx) {
    const s = await ctx.net.tcp({ maxBytes: 4096 });
    if (isUnreachable(s)) return s;
    try {
      const r = await s.read({ complete: sshIdentComplete, maxBytes: 4096 });
      const transcript = s.transcript;
      if (r.data.length === 0) {
        return { kind: 'not-matched', note: r.end === 'timeout' ? 'no greeting before the deadline' : `no greeting (${r.end})`, transcript };
      }
      const id = parseSshIdent(r.data);
      if (!id) return { kind: 'not-matched', note: 'reply is not an SSH identification string', transcript };
      const fp = fingerprintSsh(id);
      const banner = `SSH-${id.protoVersion}-${id.software}${id.comments ? ` ${id.comments}` : ''}`;
      return {
        kind: 'identified',
        facts: {
          confidence: 'confirmed',
          service: 'ssh',
          ...(fp.product ? { product: fp.product } : {}),
          ...(fp.version ? { version: fp.version } : {}),
          banner,
          device: {
            ...(fp.vendor ? { vendor: fp.vendor } : {}),
            ...(fp.os ? { os: fp.os } : {}),
            ...(fp.kind ? { kind: fp.kind } : {}),
            ...(fp.cpes.length ? { cpes: fp.cpes } : {}),
          },
          attributes: id,
          evidence: [{ label: 'identification string', excerpt: banner }],
          transcript,
        },
      };
    } finally {
      s.close();
    }
  },
});
