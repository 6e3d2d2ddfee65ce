// `mamori users add|list|rm|passwd|set` and `mamori tokens add|list|revoke`: local administration of
// mamori's own accounts. The CLI runs with the database owner's rights (whoever can read the DB file is
// already trusted), so it is how the first admin is made without the web setup token. Each change is
// written to the audit log as actor type 'cli'.
import { randomBytes } from 'node:crypto';
import type { Command } from 'commander';
import type { AuditRepo } from '../../auth/audit.repo.js';
import { roleSchema, type Role } from '../../auth/roles.js';
import { MamoriError } from '../../core/errors.js';
import type { CliContext } from '../context.js';
import { printJson, table } from '../output.js';

const parseRole = (v: string): Role => {
  const r = roleSchema.safeParse(v);
  if (!r.success) throw new MamoriError('E_INPUT_INVALID', `--role must be admin, analyst or viewer, got ${JSON.stringify(v)}`);
  return r.data;
};
const parseSites = (v: string): string[] => v.split(',').map((s) => s.trim()).filter(Boolean);

async function readStdinLine(): Promise<string> {
  const chunks: Buffer[] = [];
  for await (const c of process.stdin) {
    chunks.push(c as Buffer);
    if (Buffer.concat(chunks).length > 4096) break;
  }
  return Buffer.concat(chunks).toString('utf8').split(/\r?\n/)[0] ?? '';
}

/** A readable random password: 4 groups of 5 base32-ish characters (about 100 bits). */
export function generatePassword(): string {
  const alphabet = 'abcdefghjkmnpqrstuvwxyz23456789';
  const bytes = randomBytes(20);
  const chars = [...bytes].map((b) => alphabet[b % alphabet.length]).join('');
  return chars.match(/.{5}/g)!.join('-');
}

export function registerUsers(program: Command, ctx: CliContext): void {
  const service = async () => {
    const store = await ctx.openStore();
    const [{ AuthService }, { AuditRepo }] = await Promise.all([import('../../auth/auth.service.js'), import('../../auth/audit.repo.js')]);
    return { svc: new AuthService(store.db), audit: new AuditRepo(store.db) };
  };
  const log = (audit: AuditRepo, method: string, route: string, detail: Record<string, unknown>) =>
    audit.append({ at: new Date().toISOString(), actor: process.env.USER ?? null, actor_type: 'cli', method, route, path: route, status: 0, ip: null, detail: JSON.stringify(detail) });

  const users = program.command('users').description("mamori's own user accounts (admin, analyst, viewer; optional site scope)");
  users
    .command('add <username>')
    .description('create a user; prints a generated password unless --password-stdin')
    .option('--role <role>', 'admin | analyst | viewer (the first user must be admin)', parseRole, 'viewer' as Role)
    .option('--sites <list>', 'comma-separated sites this user is limited to (default: every site)', parseSites)
    .option('--name <display>', 'display name')
    .option('--password-stdin', 'read the password from the first line of standard input')
    .action(async (username: string, o: { role: Role; sites?: string[]; name?: string; passwordStdin?: boolean }) => {
      const { svc, audit } = await service();
      if ((await svc.setupRequired()) && o.role !== 'admin') {
        throw new MamoriError('E_INPUT_INVALID', 'the first user must be an admin: add --role admin');
      }
      const password = o.passwordStdin ? await readStdinLine() : generatePassword();
      const user = await svc.createUser({ username, password, role: o.role, sites: o.sites ?? null, displayName: o.name ?? null });
      await log(audit, 'CLI', 'users add', { username: user.username, role: user.role, sites: user.sites });
      ctx.io.out(`created ${user.role} ${user.username}${user.sites ? ` (sites: ${user.sites.join(', ')})` : ''}`);
      if (!o.passwordStdin) ctx.io.out(`password (shown once): ${password}`);
    });

  users
    .command('list')
    .description('list users')
    .option('--json', 'machine-readable output')
    .action(async (o: { json?: boolean }) => {
      const { svc } = await service();
      const list = await svc.listUsers();
      if (o.json) return printJson(ctx.io, list);
      ctx.io.out(table(['USERNAME', 'ROLE', 'SITES', 'DISABLED', 'LAST LOGIN'], list.map((u) => [u.username, u.role, u.sites ? u.sites.join(',') : '(all)', u.disabled ? 'yes' : '', u.lastLoginAt ?? ''])));
    });

  users
    .command('rm <username>')
    .description('delete a user (their sessions and tokens go with them)')
    .action(async (username: string) => {
      const { svc, audit } = await service();
      const u = await svc.deleteUser(username);
      await log(audit, 'CLI', 'users rm', { username: u.username });
      ctx.io.out(`removed ${u.username}`);
    });

  users
    .command('set <username>')
    .description("change a user's role, sites or disabled state (ends their sessions)")
    .option('--role <role>', 'admin | analyst | viewer', parseRole)
    .option('--sites <list>', "comma-separated sites, or 'all'", (v: string) => (v === 'all' ? null : parseSites(v)))
    .option('--disable', 'disable the account')
    .option('--enable', 'enable the account')
    .action(async (username: string, o: { role?: Role; sites?: string[] | null; disable?: boolean; enable?: boolean }) => {
      const { svc, audit } = await service();
      const u = await svc.updateUser(username, { role: o.role, sites: o.sites, disabled: o.disable ? true : o.enable ? false : undefined });
      await log(audit, 'CLI', 'users set', { username: u.username, role: u.role, sites: u.sites, disabled: u.disabled });
      ctx.io.out(`${u.username}: ${u.role}, sites ${u.sites ? u.sites.join(', ') : '(all)'}${u.disabled ? ', disabled' : ''}`);
    });

  users
    .command('passwd <username>')
    .description('set a new password (generated unless --password-stdin); ends their sessions')
    .option('--password-stdin', 'read the password from the first line of standard input')
    .action(async (username: string, o: { passwordStdin?: boolean }) => {
      const { svc, audit } = await service();
      const password = o.passwordStdin ? await readStdinLine() : generatePassword();
      const u = await svc.updateUser(username, { password });
      await log(audit, 'CLI', 'users passwd', { username: u.username });
      ctx.io.out(`password changed for ${u.username}`);
      if (!o.passwordStdin) ctx.io.out(`password (shown once): ${password}`);
    });

  const tokens = program.command('tokens').description('API tokens for scripts and sensors (Authorization: Bearer mmr_...)');
  tokens
    .command('add <username>')
    .description('create a token acting as <username>; printed once')
    .requiredOption('--name <name>', 'what the token is for, e.g. sensor-plant-a')
    .option('--role <role>', "limit the token below its owner's role", parseRole)
    .option('--expires-days <n>', 'expiry in days (default: never)', (v) => {
      const n = Number(v);
      if (!Number.isInteger(n) || n < 1 || n > 3650) throw new MamoriError('E_INPUT_INVALID', `--expires-days must be 1-3650, got ${JSON.stringify(v)}`);
      return n;
    })
    .action(async (username: string, o: { name: string; role?: Role; expiresDays?: number }) => {
      const { svc, audit } = await service();
      const { token, info } = await svc.createToken(username, { name: o.name, role: o.role, expiresInDays: o.expiresDays ?? null });
      await log(audit, 'CLI', 'tokens add', { username: info.username, tokenId: info.id, name: info.name, role: info.role });
      ctx.io.out(`token ${info.id} (${info.role}, ${info.expiresAt ? `expires ${info.expiresAt}` : 'no expiry'}), shown once:\n${token}`);
    });
  tokens
    .command('list')
    .option('--json', 'machine-readable output')
    .action(async (o: { json?: boolean }) => {
      const { svc } = await service();
      const list = await svc.listTokens();
      if (o.json) return printJson(ctx.io, list);
      ctx.io.out(table(['ID', 'NAME', 'USER', 'ROLE', 'PREFIX', 'EXPIRES', 'LAST USED', 'REVOKED'], list.map((t) => [t.id, t.name, t.username, t.role, t.prefix, t.expiresAt ?? '', t.lastUsedAt ?? '', t.revoked ? 'yes' : ''])));
    });
  tokens
    .command('revoke <id>')
    .action(async (id: string) => {
      const { svc, audit } = await service();
      const t = await svc.revokeToken(id, { userId: '', role: 'admin' });
      await log(audit, 'CLI', 'tokens revoke', { tokenId: t.id, username: t.username });
      ctx.io.out(`revoked ${t.id} (${t.name})`);
    });
}
