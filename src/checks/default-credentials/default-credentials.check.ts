// default-credentials (S3, opt-in with --credentials; never in the ot-safe profile): tries factory default
// accounts on Telnet, SSH, FTP, HTTP basic/digest, SNMP v2c communities and MQTT — the device's own vendor
// defaults first (confirmed by banner/vendor, the NSE http-default-accounts pattern), then generic ones and,
// on Telnet, Mirai's list by weight. One pair per connection, stop at the first success, never more than
// `maxAttempts` pairs per service (default 3) so no account is locked out. Nothing is done after a login.
// A finding records which entry matched ('mirai-01', 'wago-pfc/1'), never the password; transcripts are
// redacted.
import { z } from 'zod';
import type { TranscriptEntry } from '../../net/tcp-session.js';
import { defineCheck, type CheckContext } from '../types.js';
import { builtinMirai, candidatesFor, loadVendorDefaults, protocolOf, type Candidate, type CredentialProtocol } from './credentials-data.js';
import { ftpLogin, httpChallenge, httpLogin, mqttLogin, snmpCommunity, sshLogin, telnetLogin, type Attempt } from './logins.js';

export const defaultCredentialsOptionsSchema = z.object({
  maxAttempts: z.number().int().min(1).max(20).default(3),
  vendorFile: z.string().optional(),
});
export type DefaultCredentialsOptions = z.infer<typeof defaultCredentialsOptionsSchema>;

const LOGIN: Record<CredentialProtocol, (ctx: CheckContext<unknown>, c: Candidate) => Promise<Attempt>> = {
  telnet: telnetLogin,
  ssh: sshLogin,
  ftp: ftpLogin,
  http: httpLogin,
  snmp: snmpCommunity,
  mqtt: mqttLogin,
};

/** Removes every form a secret can take in a transcript: text, hex, base64 of user:pass, auth headers. */
export function redact(entries: readonly TranscriptEntry[], tried: readonly Candidate[]): TranscriptEntry[] {
  const secrets = new Set<string>();
  for (const c of tried) {
    if (c.password.length >= 1) {
      secrets.add(c.password);
      secrets.add(Buffer.from(c.password, 'latin1').toString('hex'));
    }
    secrets.add(Buffer.from(`${c.username}:${c.password}`, 'latin1').toString('base64'));
  }
  const sorted = [...secrets].filter((s) => s.length > 0).sort((a, b) => b.length - a.length);
  return entries.map((e) => {
    let x = e.excerpt.replace(/(Authorization:\s*)[^\r\n]*/gi, '$1***').replace(/^(PASS )[^\r\n]*/gm, '$1***');
    for (const s of sorted) x = x.split(s).join('***');
    return { ...e, excerpt: x };
  });
}

export const defaultCredentialsCheck = defineCheck<DefaultCredentialsOptions>({
  id: 'default-credentials',
  title: { en: 'Factory default credentials accepted', ja: '工場出荷時の初期認証情報でログインできます' },
  description: {
    en: 'Tries at most a few factory default accounts (vendor defaults for the identified product first, then generic ones and, on Telnet, the Mirai list) on Telnet, SSH, FTP, HTTP basic/digest, SNMP v2c and MQTT; stops at the first success and never runs a command.',
    ja: 'Telnet・SSH・FTP・HTTP ベーシック／ダイジェスト・SNMP v2c・MQTT で、工場出荷時の初期アカウントを少数だけ試します（識別した製品のベンダー初期値、汎用の初期値、Telnet では Mirai の一覧の順）。最初に成功した時点で止め、ログイン後のコマンドは実行しません。',
  },
  remediation: {
    en: 'Change the password (or community) to a unique one per device now, disable Telnet/FTP in favour of SSH/SFTP, restrict management to a jump host, and check the device for signs of compromise.',
    ja: '直ちに機器ごとに固有のパスワード（またはコミュニティ名）へ変更し、Telnet/FTP を無効にして SSH/SFTP を使い、管理アクセスを踏み台ホストに限定し、侵害の痕跡がないか確認してください。',
  },
  references: ['T0812', 'T0859', 'https://github.com/jgamblin/Mirai-Source-Code', 'https://www.cisa.gov/news-events/alerts/2016/10/14/heightened-ddos-threat-posed-mirai-and-other-botnets'],
  severity: 'critical',
  safety: 'S3',
  tags: ['default-credentials', 'mirai', 'brute-force-bounded'],
  services: ['telnet', 'ssh', 'ftp', 'http', 'snmp', 'mqtt'],
  // Up to maxAttempts logins, each bounded (a failed FTP/Telnet login is delayed by the server on purpose).
  timeoutMs: 90_000,
  optionsSchema: defaultCredentialsOptionsSchema as z.ZodType<DefaultCredentialsOptions>,
  selects: (_a, s) => s !== null && protocolOf(s) !== null,
  async run(ctx) {
    const s = ctx.service;
    const proto = s ? protocolOf(s) : null;
    if (!s || !proto) return { verdict: 'unknown', reason: 'unsupported' };
    if (!ctx.credentialsAllowed) return { verdict: 'unknown', reason: 'needs-credentials' };
    const cap = ctx.options.maxAttempts ?? 3;
    const candidates = candidatesFor(ctx.asset, s, loadVendorDefaults(ctx.options.vendorFile), builtinMirai());
    if (!candidates.length) return { verdict: 'unknown', reason: `no default credentials known for ${proto}` };
    const transcript: TranscriptEntry[] = [];
    if (proto === 'http') {
      const ch = await httpChallenge(ctx);
      if ('unreachable' in ch) return { verdict: 'unknown', reason: `unreachable (${ch.unreachable})` };
      transcript.push(...ch.transcript);
      if (ch.status !== 401 || !ch.challenge) return { verdict: 'unknown', reason: `unsupported: / asks for no HTTP basic/digest login (HTTP ${ch.status ?? '?'})`, transcript };
    }
    const tried: Candidate[] = [];
    const log: { entry: string; outcome: string; detail: string }[] = [];
    for (const c of candidates.slice(0, cap)) {
      if (ctx.signal.aborted || Date.now() >= ctx.deadline) break;
      tried.push(c);
      const a = await LOGIN[proto](ctx, c);
      transcript.push(...a.transcript);
      log.push({ entry: c.id, outcome: a.outcome, detail: a.detail });
      if (a.outcome === 'unreachable') return { verdict: 'unknown', reason: `unreachable (${a.detail})`, transcript: redact(transcript, tried), data: { attempts: log } };
      if (a.outcome === 'success') {
        return {
          verdict: 'exploitable',
          confidence: 'confirmed',
          severity: 'critical',
          summary: `${proto} accepted the default account of entry ${c.id} (user ${JSON.stringify(c.username)}; ${c.why}) after ${tried.length} attempt(s)`,
          evidence: [
            { label: 'matched entry', excerpt: `${c.id} (${c.why})` },
            { label: 'username', excerpt: c.username || '(community)' },
            { label: 'result', excerpt: a.detail },
          ],
          transcript: redact(transcript, tried),
          data: { protocol: proto, entry: c.id, username: c.username, attempts: log },
        };
      }
    }
    const errors = log.filter((l) => l.outcome === 'error');
    if (errors.length === log.length) return { verdict: 'unknown', reason: `could not complete a login exchange: ${errors[0]?.detail ?? 'no attempt made'}`, transcript: redact(transcript, tried), data: { attempts: log } };
    return {
      verdict: 'not-affected',
      summary: `${proto}: none of the ${tried.length} most likely default accounts worked (cap ${cap} of ${candidates.length} known)`,
      transcript: redact(transcript, tried),
      data: { protocol: proto, attempts: log },
    };
  },
});
