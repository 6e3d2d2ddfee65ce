// API test harness with authentication: an app on in-memory SQLite, one user per role (cheap scrypt),
// an API token per role, and helpers to log in with a browser-like session (cookies + CSRF header).
import { buildApp, type AppDeps } from '../../src/api/app.js';
import { configSchema } from '../../src/config/config.js';
import { openStore, type Store } from '../../src/db/open.js';
import { AuthService } from '../../src/auth/auth.service.js';
import type { ScryptCost } from '../../src/auth/password.js';
import type { Role } from '../../src/auth/roles.js';
import type { FastifyInstance } from 'fastify';

/** Tests only: fast hashes. Production cost is DEFAULT_COST (password.ts). */
export const TEST_SCRYPT: ScryptCost = { N: 1024, r: 8, p: 1 };
export const PASSWORD = 'correct horse battery';

export function testConfig(over: Partial<{ tlsCert: string; tlsKey: string }> = {}) {
  return configSchema.parse({ home: '/nonexistent', databaseUrl: 'sqlite::memory:', server: { ...over } });
}

export interface AuthHarness {
  app: FastifyInstance;
  store: Store;
  service: AuthService;
  /** Bearer tokens, one per role. */
  tokens: Record<Role, string>;
  close(): Promise<void>;
}

export async function authHarness(opts: { store?: Store; deps?: Partial<AppDeps>; users?: boolean } = {}): Promise<AuthHarness> {
  const store = opts.store ?? (await openStore('sqlite::memory:'));
  const app = await buildApp({ store, config: testConfig(), webRoot: false, auth: { scryptCost: TEST_SCRYPT }, ...opts.deps });
  await app.ready();
  const service = new AuthService(store.db, { scryptCost: TEST_SCRYPT, now: opts.deps?.now });
  const tokens = {} as Record<Role, string>;
  if (opts.users !== false) {
    for (const role of ['admin', 'analyst', 'viewer'] as const) {
      await service.createUser({ username: role, password: PASSWORD, role });
      tokens[role] = (await service.createToken(role, { name: `${role}-test` })).token;
    }
  }
  return {
    app,
    store,
    service,
    tokens,
    async close() {
      await app.close();
      if (!opts.store) await store.close();
    },
  };
}

export interface BrowserSession {
  cookie: string;
  csrf: string;
  headers: (mutating?: boolean) => Record<string, string>;
}

/** Logs in through POST /api/auth/login and returns the cookies a browser would keep. */
export async function login(app: FastifyInstance, username: string, password = PASSWORD): Promise<BrowserSession> {
  const r = await app.inject({ method: 'POST', url: '/api/auth/login', payload: { username, password } });
  if (r.statusCode !== 200) throw new Error(`login ${username} failed: ${r.statusCode} ${r.body}`);
  const jar = new Map<string, string>();
  for (const c of r.cookies) jar.set(c.name, c.value);
  const cookie = [...jar].map(([k, v]) => `${k}=${v}`).join('; ');
  const csrf = jar.get('mamori_csrf') ?? '';
  return { cookie, csrf, headers: (mutating = false) => ({ cookie, ...(mutating ? { 'x-csrf-token': csrf } : {}) }) };
}

export const bearer = (token: string) => ({ authorization: `Bearer ${token}` });
