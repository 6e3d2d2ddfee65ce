// Row types of the auth tables (migration 0005): users, sessions, API tokens, one-time setup tokens and the
// audit log. Secrets are never stored: passwords as scrypt hashes, session/API/setup tokens as SHA-256.
import type { Generated } from 'kysely';

export interface UsersTable {
  id: string;
  /** Lower-cased login name, unique. */
  username: string;
  display_name: string | null;
  /** `scrypt$N$r$p$salt$hash` (see src/auth/password.ts). */
  password_hash: string;
  role: string;
  /** JSON array of site names the user is limited to, or NULL for every site. */
  sites: string | null;
  disabled: number;
  created_at: string;
  updated_at: string;
  last_login_at: string | null;
}

export interface SessionsTable {
  /** SHA-256 of the session cookie value. */
  id_hash: string;
  user_id: string;
  /** SHA-256 of the CSRF token bound to this session (double-submit cookie + header). */
  csrf_hash: string;
  created_at: string;
  expires_at: string;
  last_seen_at: string;
  ip: string | null;
  user_agent: string | null;
}

export interface ApiTokensTable {
  id: string;
  user_id: string;
  name: string;
  /** SHA-256 of the whole token; the token itself is shown once at creation. */
  token_hash: string;
  /** First characters of the token, so a user can tell tokens apart. */
  prefix: string;
  /** A token may carry less power than its owner (e.g. a sensor that only reads). */
  role: string;
  created_at: string;
  expires_at: string | null;
  last_used_at: string | null;
  revoked_at: string | null;
}

export interface SetupTokensTable {
  token_hash: string;
  created_at: string;
  expires_at: string;
  used_at: string | null;
}

export interface AuditLogTable {
  id: Generated<number>;
  at: string;
  /** Username, or NULL for anonymous requests (failed logins, refused calls). */
  actor: string | null;
  /** 'session' | 'token' | 'anonymous' | 'cli' */
  actor_type: string;
  method: string;
  /** Route pattern such as /api/users/:id (query strings are not kept: they may carry search terms). */
  route: string;
  /** Request path with parameters filled in. */
  path: string;
  status: number;
  ip: string | null;
  /** JSON: route params, token id, a short outcome note; never bodies or secrets. */
  detail: string;
}

export interface AuthTables {
  users: UsersTable;
  sessions: SessionsTable;
  api_tokens: ApiTokensTable;
  setup_tokens: SetupTokensTable;
  audit_log: AuditLogTable;
}
