// SQL for users, sessions, API tokens and setup tokens. Dialect-neutral: JSON as TEXT, ISO timestamps,
// booleans as 0/1. Callers pass hashes, never the secrets themselves.
import type { Kysely, Selectable } from 'kysely';
import type { Database } from '../db/schema.js';
import type { ApiTokensTable, SessionsTable, UsersTable } from '../db/tables/auth.js';

export type UserRow = Selectable<UsersTable>;
export type SessionRow = Selectable<SessionsTable>;
export type ApiTokenRow = Selectable<ApiTokensTable>;

export class AuthRepo {
  constructor(private readonly db: Kysely<Database>) {}

  // users
  async countUsers(): Promise<number> {
    const r = await this.db.selectFrom('users').select((eb) => eb.fn.countAll<string | number>().as('n')).executeTakeFirstOrThrow();
    return Number(r.n);
  }
  async countAdmins(): Promise<number> {
    const r = await this.db
      .selectFrom('users')
      .where('role', '=', 'admin')
      .where('disabled', '=', 0)
      .select((eb) => eb.fn.countAll<string | number>().as('n'))
      .executeTakeFirstOrThrow();
    return Number(r.n);
  }
  userById(id: string): Promise<UserRow | undefined> {
    return this.db.selectFrom('users').selectAll().where('id', '=', id).executeTakeFirst();
  }
  userByName(username: string): Promise<UserRow | undefined> {
    return this.db.selectFrom('users').selectAll().where('username', '=', username).executeTakeFirst();
  }
  listUsers(): Promise<UserRow[]> {
    return this.db.selectFrom('users').selectAll().orderBy('username').execute();
  }
  async insertUser(row: UserRow): Promise<void> {
    await this.db.insertInto('users').values(row).execute();
  }
  async updateUser(id: string, patch: Partial<Omit<UserRow, 'id'>>): Promise<void> {
    await this.db.updateTable('users').set(patch).where('id', '=', id).execute();
  }
  async deleteUser(id: string): Promise<number> {
    const r = await this.db.deleteFrom('users').where('id', '=', id).executeTakeFirst();
    return Number(r.numDeletedRows);
  }

  // sessions
  async insertSession(row: SessionRow): Promise<void> {
    await this.db.insertInto('sessions').values(row).execute();
  }
  sessionByHash(idHash: string): Promise<SessionRow | undefined> {
    return this.db.selectFrom('sessions').selectAll().where('id_hash', '=', idHash).executeTakeFirst();
  }
  async touchSession(idHash: string, at: string): Promise<void> {
    await this.db.updateTable('sessions').set({ last_seen_at: at }).where('id_hash', '=', idHash).execute();
  }
  async deleteSession(idHash: string): Promise<void> {
    await this.db.deleteFrom('sessions').where('id_hash', '=', idHash).execute();
  }
  async deleteSessionsOf(userId: string): Promise<void> {
    await this.db.deleteFrom('sessions').where('user_id', '=', userId).execute();
  }
  async deleteExpiredSessions(now: string): Promise<void> {
    await this.db.deleteFrom('sessions').where('expires_at', '<=', now).execute();
  }

  // API tokens
  async insertToken(row: ApiTokenRow): Promise<void> {
    await this.db.insertInto('api_tokens').values(row).execute();
  }
  tokenByHash(hash: string): Promise<ApiTokenRow | undefined> {
    return this.db.selectFrom('api_tokens').selectAll().where('token_hash', '=', hash).executeTakeFirst();
  }
  tokenById(id: string): Promise<ApiTokenRow | undefined> {
    return this.db.selectFrom('api_tokens').selectAll().where('id', '=', id).executeTakeFirst();
  }
  listTokens(userId?: string): Promise<(ApiTokenRow & { username: string })[]> {
    let q = this.db.selectFrom('api_tokens').innerJoin('users', 'users.id', 'api_tokens.user_id').selectAll('api_tokens').select('users.username');
    if (userId) q = q.where('api_tokens.user_id', '=', userId);
    return q.orderBy('api_tokens.created_at').orderBy('api_tokens.id').execute();
  }
  async touchToken(id: string, at: string): Promise<void> {
    await this.db.updateTable('api_tokens').set({ last_used_at: at }).where('id', '=', id).execute();
  }
  async revokeToken(id: string, at: string): Promise<void> {
    await this.db.updateTable('api_tokens').set({ revoked_at: at }).where('id', '=', id).where('revoked_at', 'is', null).execute();
  }

  // one-time setup tokens
  async insertSetupToken(hash: string, createdAt: string, expiresAt: string): Promise<void> {
    await this.db.insertInto('setup_tokens').values({ token_hash: hash, created_at: createdAt, expires_at: expiresAt, used_at: null }).execute();
  }
  /** Marks the token used if it is valid now; true when this call consumed it (a second use gets false). */
  async consumeSetupToken(hash: string, now: string): Promise<boolean> {
    const r = await this.db
      .updateTable('setup_tokens')
      .set({ used_at: now })
      .where('token_hash', '=', hash)
      .where('used_at', 'is', null)
      .where('expires_at', '>', now)
      .executeTakeFirst();
    return Number(r.numUpdatedRows) === 1;
  }
  async invalidateSetupTokens(now: string): Promise<void> {
    await this.db.updateTable('setup_tokens').set({ used_at: now }).where('used_at', 'is', null).execute();
  }
}
