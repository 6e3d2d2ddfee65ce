// SSH identification. Wire: connect, read the server's identification line (the server speaks first,
// RFC 4253 §4.2); with `kexinit` (default) send our own identification line and read the server's
// KEXINIT (its algorithm lists), then close. No key is exchanged, no user is named: S1.
// Facts: implementation and version from the banner (OpenSSH_9.2p1 → cpe:2.3:a:openbsd:openssh:9.2:p1),
// OS hint from the distribution comment (Debian-2+deb12u3 → Debian 12).
import { z } from 'zod';
import { fingerprintSsh, parseSshIdent, sshIdentComplete } from '../../protocols/ssh/ssh-banner.js';
import { decodeKexInit, readBinaryPacket, weakAlgorithms } from '../../protocols/ssh/ssh-kexinit.js';
import { isUnreachable } from '../../net/tcp-session.js';
import { defineProbe } from '../types.js';
import { fingerprintFacts } from '../fingerprint-facts.js';

export const sshAttributesSchema = z.object({
  protoVersion: z.string(),
  software: z.string(),
  comments: z.string().nullable(),
  preamble: z.array(z.string()),
  algorithms: z
    .object({
      kex: z.array(z.string()),
      hostKey: z.array(z.string()),
      ciphers: z.array(z.string()),
      macs: z.array(z.string()),
      compression: z.array(z.string()),
      weak: z.array(z.string()),
      /** "kex-strict-s-v00@openssh.com" offered: the Terrapin (CVE-2023-48795) countermeasure is in place. */
      strictKex: z.boolean(),
    })
    .nullable(),
});
export type SshAttributes = z.infer<typeof sshAttributesSchema>;

export const sshOptionsSchema = z.object({ kexinit: z.boolean().default(true) }).strict();
export type SshOptions = z.infer<typeof sshOptionsSchema>;

export const sshProbe = defineProbe<SshOptions, SshAttributes>({
  id: 'ssh-banner',
  title: 'SSH identification string',
  protocol: 'ssh',
  transport: 'tcp',
  defaultPorts: [22, 2222],
  safety: 'S1',
  ot: false,
  tags: ['discovery', 'version'],
  priority: 10,
  optionsSchema: sshOptionsSchema,
  async run(ctx) {
    const s = await ctx.net.tcp({ maxBytes: 48 * 1024 });
    if (isUnreachable(s)) return s;
    try {
      const r = await s.read({ complete: sshIdentComplete, maxBytes: 4096 });
      const transcript = s.transcript;
      if (r.data.length === 0) {
        return { kind: 'not-matched', note: r.end === 'timeout' ? 'no greeting before the deadline' : `no greeting (${r.end})`, transcript };
      }
      const id = parseSshIdent(r.data);
      if (!id) return { kind: 'not-matched', note: 'reply is not an SSH identification string', transcript };
      let algorithms: SshAttributes['algorithms'] = null;
      if (ctx.options.kexinit ?? true) {
        s.write('SSH-2.0-mamori_0.1\r\n');
        // Bytes after the identification line already belong to the first binary packet.
        const text = r.data.toString('latin1');
        const at = text.indexOf('\n', text.indexOf('SSH-'));
        let buf = r.data.subarray(at + 1);
        for (let i = 0; i < 16 && readBinaryPacket(buf) === 'incomplete'; i++) {
          const more = await s.read({ complete: (b) => readBinaryPacket(Buffer.concat([buf, b])) !== 'incomplete', timeoutMs: 2000 });
          if (more.data.length === 0) break;
          buf = Buffer.concat([buf, more.data]);
        }
        const payload = readBinaryPacket(buf);
        const k = typeof payload === 'object' ? decodeKexInit(payload) : null;
        if (k) {
          algorithms = { kex: k.kex, hostKey: k.hostKey, ciphers: k.ciphersS2c, macs: k.macsS2c, compression: k.compression, weak: weakAlgorithms(k), strictKex: k.kex.includes('kex-strict-s-v00@openssh.com') };
        }
      }
      const fp = fingerprintSsh(id);
      const banner = `SSH-${id.protoVersion}-${id.software}${id.comments ? ` ${id.comments}` : ''}`;
      return {
        kind: 'identified',
        facts: {
          confidence: 'confirmed',
          service: 'ssh',
          ...fingerprintFacts(fp),
          banner,
          attributes: { ...id, algorithms },
          evidence: [
            { label: 'identification string', excerpt: banner },
            ...(algorithms ? [{ label: 'host key algorithms', excerpt: algorithms.hostKey.join(',').slice(0, 200) }] : []),
            ...(algorithms?.weak.length ? [{ label: 'deprecated algorithms offered', excerpt: algorithms.weak.join('; ').slice(0, 300) }] : []),
          ],
          transcript,
        },
      };
    } finally {
      s.close();
    }
  },
});
