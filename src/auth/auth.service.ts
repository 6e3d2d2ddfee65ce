// Use-cases of mamori's own security: first-run setup, users, logins and sessions, API tokens.
// Shared by the API (routes/auth.ts, plugins/auth.ts) and the CLI (commands/users.ts). No HTTP types here.
import type { Kysely } from 'kysely';
import { z } from 'zod';
import { MamoriError } from '../core/errors.js';
import type { Database } from '../db/schema.js';
import { AuthRepo, type ApiTokenRow, type UserRow } from './auth.repo.js';
import { checkPasswordPolicy, DEFAULT_COST, dummyPasswordHash, hashPassword, verifyPassword, type ScryptCost } from './password.js';
import { parseSites, type Principal } from './principal.js';
import { minRole, roleSchema, type Role } from './roles.js';
import { API_TOKEN_PREFIX, newApiToken, newId, newSecret, sha256 } from './secrets.js';

export const usernameSchema = z
  .string()
  .trim()
  .toLowerCase()
  .regex(/^[a-z0-9][a-z0-9._@-]{0,63}$/, 'use 1-64 of a-z 0-9 . _ @ - (starting with a letter or digit)');
export const siteListSchema = z.array(z.string().trim().min(1).max(100)).max(200).nullable();

export interface PublicUser {
  id: string;
  username: string;
  displayName: string | null;
  role: Role;
  sites: string[] | null;
  disabled: boolean;
  createdAt: string;
  lastLoginAt: string | null;
}

export interface PublicToken {
  id: string;
  name: string;
  username: string;
  prefix: string;
  role: Role;
  createdAt: string;
  expiresAt: string | null;
  lastUsedAt: string | null;
  revoked: boolean;
}

export interface AuthServiceOptions {
  now?: () => Date;
  /** Tests lower the scrypt cost; production uses DEFAULT_COST. */
  scryptCost?: ScryptCost;
  sessionTtlMs?: number;
  sessionIdleMs?: number;
  setupTokenTtlMs?: number;
}

export interface NewSession {
  sessionToken: string;
  csrfToken: string;
  expiresAt: string;
  user: PublicUser;
}

const HOUR = 3600_000;

export class AuthService {
  readonly repo: AuthRepo;
  private readonly now: () => Date;
  private readonly cost: ScryptCost;
  private readonly sessionTtlMs: number;
  private readonly sessionIdleMs: number;
  private readonly setupTtlMs: number;

  constructor(db: Kysely<Database>, opts: AuthServiceOptions = {}) {
    this.repo = new AuthRepo(db);
    this.now = opts.now ?? (() => new Date());
    this.cost = opts.scryptCost ?? DEFAULT_COST;
    this.sessionTtlMs = opts.sessionTtlMs ?? 12 * HOUR;
    this.sessionIdleMs = opts.sessionIdleMs ?? 2 * HOUR;
    this.setupTtlMs = opts.setupTokenTtlMs ?? 24 * HOUR;
  }

  private iso(offsetMs = 0): string {
    return new Date(this.now().getTime() + offsetMs).toISOString();
  }

  async setupRequired(): Promise<boolean> {
    return (await this.repo.countUsers()) === 0;
  }

  /** First run: a fresh one-time token (printed by `mamori serve`), or null when a user already exists. */
  async issueSetupToken(): Promise<string | null> {
    if (!(await this.setupRequired())) return null;
    const token = newSecret(24);
    await this.repo.insertSetupToken(sha256(token), this.iso(), this.iso(this.setupTtlMs));
    return token;
  }

  /** Creates the first admin with a setup token. The token works once, and only while no user exists. */
  async completeSetup(token: string, input: { username: string; password: string; displayName?: string | null }): Promise<PublicUser> {
    if (!(await this.setupRequired())) throw new MamoriError('E_CONFLICT', 'setup is already complete: log in instead');
    // Validate first, so a rejected password does not burn the one-time token.
    checkPasswordPolicy(input.password, parseField(usernameSchema, input.username, 'username'));
    if (!(await this.repo.consumeSetupToken(sha256(token), this.iso()))) {
      throw new MamoriError('E_UNAUTHENTICATED', 'setup token is invalid, expired or already used (restart `mamori serve` for a new one)');
    }
    const user = await this.createUser({ ...input, role: 'admin', sites: null });
    await this.repo.invalidateSetupTokens(this.iso());
    return user;
  }

  async createUser(input: { username: string; password: string; role: Role; sites?: string[] | null; displayName?: string | null }): Promise<PublicUser> {
    const username = parseField(usernameSchema, input.username, 'username');
    const role = parseField(roleSchema, input.role, 'role');
    const sites = parseField(siteListSchema, input.sites ?? null, 'sites');
    checkPasswordPolicy(input.password, username);
    if (await this.repo.userByName(username)) throw new MamoriError('E_CONFLICT', `user ${username} already exists`);
    const at = this.iso();
    const row: UserRow = {
      id: newId(),
      username,
      display_name: input.displayName ?? null,
      password_hash: await hashPassword(input.password, this.cost),
      role,
      sites: sites === null ? null : JSON.stringify([...new Set(sites)].sort()),
      disabled: 0,
      created_at: at,
      updated_at: at,
      last_login_at: null,
    };
    await this.repo.insertUser(row);
    // After the first user exists, leftover setup tokens must stop working.
    await this.repo.invalidateSetupTokens(at);
    return toPublicUser(row);
  }

  async listUsers(): Promise<PublicUser[]> {
    return (await this.repo.listUsers()).map(toPublicUser);
  }

  async getUser(ref: string): Promise<UserRow> {
    const row = (await this.repo.userById(ref)) ?? (await this.repo.userByName(ref.trim().toLowerCase()));
    if (!row) throw new MamoriError('E_NOT_FOUND', `no user ${ref}`);
    return row;
  }

  async updateUser(ref: string, patch: { role?: Role; sites?: string[] | null; displayName?: string | null; disabled?: boolean; password?: string }): Promise<PublicUser> {
    const row = await this.getUser(ref);
    const demotes = (patch.role !== undefined && patch.role !== 'admin') || patch.disabled === true;
    if (row.role === 'admin' && row.disabled === 0 && demotes && (await this.repo.countAdmins()) <= 1) {
      throw new MamoriError('E_CONFLICT', `${row.username} is the last admin: make another admin first`);
    }
    const set: Partial<UserRow> = { updated_at: this.iso() };
    if (patch.role !== undefined) set.role = parseField(roleSchema, patch.role, 'role');
    if (patch.sites !== undefined) {
      const sites = parseField(siteListSchema, patch.sites, 'sites');
      set.sites = sites === null ? null : JSON.stringify([...new Set(sites)].sort());
    }
    if (patch.displayName !== undefined) set.display_name = patch.displayName;
    if (patch.disabled !== undefined) set.disabled = patch.disabled ? 1 : 0;
    if (patch.password !== undefined) {
      checkPasswordPolicy(patch.password, row.username);
      set.password_hash = await hashPassword(patch.password, this.cost);
    }
    await this.repo.updateUser(row.id, set);
    // A changed password, role, scope or a disabled account ends the user's open sessions.
    if (patch.password !== undefined || patch.role !== undefined || patch.sites !== undefined || patch.disabled === true) {
      await this.repo.deleteSessionsOf(row.id);
    }
    return toPublicUser({ ...row, ...set });
  }

  async deleteUser(ref: string): Promise<PublicUser> {
    const row = await this.getUser(ref);
    if (row.role === 'admin' && row.disabled === 0 && (await this.repo.countAdmins()) <= 1) {
      throw new MamoriError('E_CONFLICT', `${row.username} is the last admin and cannot be removed`);
    }
    await this.repo.deleteUser(row.id);
    return toPublicUser(row);
  }

  /** Checks a username and password. Always spends one scrypt, so unknown names take as long as wrong passwords. */
  async verifyCredentials(username: string, password: string): Promise<UserRow | null> {
    const name = username.trim().toLowerCase();
    const row = name.length <= 64 ? await this.repo.userByName(name) : undefined;
    const ok = await verifyPassword(password, row?.password_hash ?? (await dummyPasswordHash(this.cost)));
    if (!row || !ok || row.disabled) return null;
    return row;
  }

  async changeOwnPassword(userId: string, current: string, next: string): Promise<void> {
    const row = await this.getUser(userId);
    if (!(await verifyPassword(current, row.password_hash))) throw new MamoriError('E_UNAUTHENTICATED', 'current password is wrong');
    await this.updateUser(row.id, { password: next });
  }

  async createSession(user: UserRow, meta: { ip?: string | null; userAgent?: string | null } = {}): Promise<NewSession> {
    const sessionToken = newSecret();
    const csrfToken = newSecret();
    const at = this.iso();
    const expiresAt = this.iso(this.sessionTtlMs);
    await this.repo.deleteExpiredSessions(at);
    await this.repo.insertSession({
      id_hash: sha256(sessionToken),
      user_id: user.id,
      csrf_hash: sha256(csrfToken),
      created_at: at,
      expires_at: expiresAt,
      last_seen_at: at,
      ip: meta.ip ?? null,
      user_agent: meta.userAgent?.slice(0, 300) ?? null,
    });
    await this.repo.updateUser(user.id, { last_login_at: at });
    return { sessionToken, csrfToken, expiresAt, user: toPublicUser({ ...user, last_login_at: at }) };
  }

  /** The principal behind a session cookie, or null when unknown, expired, idle too long or the user is disabled. */
  async resolveSession(sessionToken: string): Promise<(Principal & { csrfHash: string }) | null> {
    const hash = sha256(sessionToken);
    const s = await this.repo.sessionByHash(hash);
    if (!s) return null;
    const now = this.now().getTime();
    if (Date.parse(s.expires_at) <= now || Date.parse(s.last_seen_at) + this.sessionIdleMs <= now) {
      await this.repo.deleteSession(hash);
      return null;
    }
    const user = await this.repo.userById(s.user_id);
    if (!user || user.disabled) return null;
    // Write at most once a minute: every GET of the dashboard should not be a database write.
    if (now - Date.parse(s.last_seen_at) > 60_000) await this.repo.touchSession(hash, this.iso());
    return { ...principalOf(user, 'session'), sessionHash: hash, csrfHash: s.csrf_hash };
  }

  async endSession(sessionToken: string): Promise<void> {
    await this.repo.deleteSession(sha256(sessionToken));
  }

  async createToken(ownerRef: string, input: { name: string; role?: Role; expiresInDays?: number | null }): Promise<{ token: string; info: PublicToken }> {
    const owner = await this.getUser(ownerRef);
    const name = input.name.trim();
    if (!name || name.length > 100) throw new MamoriError('E_INPUT_INVALID', 'token name must be 1-100 characters', { details: { field: 'name' } });
    const ownerRole = roleSchema.parse(owner.role);
    const role = input.role ?? ownerRole;
    if (minRole(role, ownerRole) !== role) throw new MamoriError('E_FORBIDDEN', `a token cannot have more power (${role}) than its owner (${ownerRole})`);
    const days = input.expiresInDays ?? null;
    if (days !== null && (!Number.isInteger(days) || days < 1 || days > 3650)) {
      throw new MamoriError('E_INPUT_INVALID', 'expiresInDays must be an integer from 1 to 3650', { details: { field: 'expiresInDays' } });
    }
    const token = newApiToken();
    const row: ApiTokenRow = {
      id: newId(),
      user_id: owner.id,
      name,
      token_hash: sha256(token),
      prefix: token.slice(0, API_TOKEN_PREFIX.length + 6),
      role,
      created_at: this.iso(),
      expires_at: days === null ? null : this.iso(days * 24 * HOUR),
      last_used_at: null,
      revoked_at: null,
    };
    await this.repo.insertToken(row);
    return { token, info: toPublicToken({ ...row, username: owner.username }) };
  }

  async resolveToken(token: string): Promise<Principal | null> {
    if (!token.startsWith(API_TOKEN_PREFIX) || token.length > 200) return null;
    const row = await this.repo.tokenByHash(sha256(token));
    if (!row || row.revoked_at) return null;
    if (row.expires_at && Date.parse(row.expires_at) <= this.now().getTime()) return null;
    const user = await this.repo.userById(row.user_id);
    if (!user || user.disabled) return null;
    const at = this.iso();
    if (!row.last_used_at || Date.parse(at) - Date.parse(row.last_used_at) > 60_000) await this.repo.touchToken(row.id, at);
    const p = principalOf(user, 'token');
    return { ...p, role: minRole(p.role, roleSchema.parse(row.role)), tokenId: row.id };
  }

  async listTokens(userId?: string): Promise<PublicToken[]> {
    return (await this.repo.listTokens(userId)).map(toPublicToken);
  }

  /** Revokes a token; non-admins may only revoke their own. */
  async revokeToken(id: string, by: { userId: string; role: Role }): Promise<PublicToken> {
    const row = await this.repo.tokenById(id);
    if (!row || (by.role !== 'admin' && row.user_id !== by.userId)) throw new MamoriError('E_NOT_FOUND', `no token ${id}`);
    await this.repo.revokeToken(id, this.iso());
    const owner = await this.repo.userById(row.user_id);
    return toPublicToken({ ...row, revoked_at: row.revoked_at ?? this.iso(), username: owner?.username ?? '?' });
  }
}

function parseField<T>(schema: z.ZodType<T>, value: unknown, field: string): T {
  const r = schema.safeParse(value);
  if (!r.success) throw new MamoriError('E_INPUT_INVALID', `${field}: ${r.error.issues[0]?.message ?? 'invalid'}`, { details: { field } });
  return r.data;
}

export function principalOf(user: UserRow, via: 'session' | 'token'): Principal {
  return { userId: user.id, username: user.username, role: roleSchema.catch('viewer').parse(user.role), sites: parseSites(user.sites), via };
}

export function toPublicUser(row: UserRow): PublicUser {
  return {
    id: row.id,
    username: row.username,
    displayName: row.display_name,
    role: roleSchema.catch('viewer').parse(row.role),
    sites: parseSites(row.sites),
    disabled: row.disabled === 1,
    createdAt: row.created_at,
    lastLoginAt: row.last_login_at,
  };
}

function toPublicToken(row: ApiTokenRow & { username: string }): PublicToken {
  return {
    id: row.id,
    name: row.name,
    username: row.username,
    prefix: row.prefix,
    role: roleSchema.catch('viewer').parse(row.role),
    createdAt: row.created_at,
    expiresAt: row.expires_at,
    lastUsedAt: row.last_used_at,
    revoked: row.revoked_at !== null,
  };
}
