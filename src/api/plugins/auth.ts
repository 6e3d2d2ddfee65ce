// Authentication and authorization for EVERY route under /api, default-deny.
// A route declares the least role it needs with `config: { auth: 'public' | 'viewer' | 'analyst' | 'admin' }`.
// A route that declares nothing needs 'viewer' for GET/HEAD/OPTIONS and 'analyst' for anything else, so
// routes written without thinking about auth are still protected. Credentials, in order:
//   Authorization: Bearer mmr_...  (API tokens: scripts, sensors; no CSRF, no cookies involved)
//   mamori_session cookie          (browser; mutating requests must send x-csrf-token = mamori_csrf cookie,
//                                   which must also match the token bound to the session: signed double-submit)
// Every mutating request (any method but GET/HEAD/OPTIONS) under /api is written to the audit log,
// including refused ones, with who, what route, which parameters and the status; never bodies.
import fp from 'fastify-plugin';
import cookie from '@fastify/cookie';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { AuthService, type AuthServiceOptions } from '../../auth/auth.service.js';
import { AuditRepo } from '../../auth/audit.repo.js';
import { LoginLimiter } from '../../auth/login-limiter.js';
import type { Principal } from '../../auth/principal.js';
import { AUTH_LEVELS, roleAtLeast, type AuthLevel } from '../../auth/roles.js';
import { safeEqual, sha256 } from '../../auth/secrets.js';
import type { Store } from '../../db/open.js';

export const SESSION_COOKIE = 'mamori_session';
export const CSRF_COOKIE = 'mamori_csrf';
export const CSRF_HEADER = 'x-csrf-token';
const SAFE_METHODS = new Set(['GET', 'HEAD', 'OPTIONS']);

declare module 'fastify' {
  interface FastifyContextConfig {
    /** Least role this route needs; see src/api/plugins/auth.ts. */
    auth?: AuthLevel;
  }
  interface FastifyRequest {
    /** The authenticated caller, or null (only possible on 'public' routes). */
    auth: Principal | null;
    /** Extra facts a route adds to its audit entry (e.g. the username of a failed login). Never secrets. */
    auditNote: Record<string, unknown> | null;
  }
  interface FastifyInstance {
    authService: AuthService;
    loginLimiter: LoginLimiter;
    /** True when the server speaks TLS: cookies get the Secure flag. */
    secureCookies: boolean;
    /** Every route with the level it needs, as seen at registration (tests and the settings page use it). */
    routeAuthTable: RouteAuth[];
  }
}

export interface RouteAuth {
  method: string;
  url: string;
  level: AuthLevel;
  declared: boolean;
}

export interface AuthPluginOptions {
  store: Store;
  secureCookies: boolean;
  service?: AuthServiceOptions;
  limiter?: LoginLimiter;
  now?: () => Date;
}

/** The level a route needs: declared, or the default for its method. */
export function requiredLevel(method: string, declared: unknown): AuthLevel {
  if (declared !== undefined) return declared as AuthLevel;
  return SAFE_METHODS.has(method.toUpperCase()) ? 'viewer' : 'analyst';
}

export const isApiUrl = (url: string): boolean => url === '/api' || url.startsWith('/api/') || url.startsWith('/api?');

export const authPlugin = fp<AuthPluginOptions>(async (app, opts) => {
  const now = opts.now ?? (() => new Date());
  const service = new AuthService(opts.store.db, { now, ...opts.service });
  const audit = new AuditRepo(opts.store.db);
  await app.register(cookie);
  app.decorate('authService', service);
  app.decorate('loginLimiter', opts.limiter ?? new LoginLimiter({ now: () => now().getTime() }));
  app.decorate('secureCookies', opts.secureCookies);
  const table: RouteAuth[] = [];
  app.decorate('routeAuthTable', table);
  app.decorateRequest('auth', null);
  app.decorateRequest('auditNote', null);

  // A typo such as auth: 'admn' must fail at startup, not silently fall back.
  app.addHook('onRoute', (route) => {
    const declared = (route.config as { auth?: unknown } | undefined)?.auth;
    if (declared !== undefined && !(AUTH_LEVELS as readonly unknown[]).includes(declared)) {
      throw new Error(`route ${route.method} ${route.url}: config.auth must be one of ${AUTH_LEVELS.join(', ')}, got ${String(declared)}`);
    }
    for (const method of [route.method].flat()) {
      table.push({ method, url: route.url, level: requiredLevel(method, declared), declared: declared !== undefined });
    }
  });

  app.addHook('onRequest', async (req, reply) => {
    if (!isApiUrl(req.url)) return;
    const level = requiredLevel(req.method, req.routeOptions.config?.auth);
    req.auth = await authenticate(req, service);
    if (level === 'public') return;
    if (!req.auth) return deny(reply, 401, 'E_UNAUTHENTICATED', 'log in or send an API token (Authorization: Bearer mmr_...)');
    if (!roleAtLeast(req.auth.role, level)) {
      return deny(reply, 403, 'E_FORBIDDEN', `this needs the ${level} role; you are ${req.auth.role}`);
    }
    if (req.auth.via === 'session' && !SAFE_METHODS.has(req.method) && !csrfOk(req)) {
      return deny(reply, 403, 'E_FORBIDDEN', `missing or wrong ${CSRF_HEADER} header`);
    }
  });

  app.addHook('onSend', async (req, reply, payload) => {
    if (SAFE_METHODS.has(req.method) || !isApiUrl(req.url)) return payload;
    try {
      await audit.append({
        at: now().toISOString(),
        actor: req.auth?.username ?? null,
        actor_type: req.auth?.via ?? 'anonymous',
        method: req.method,
        route: req.routeOptions.url ?? '(no route)',
        path: req.url.split('?')[0]!.slice(0, 500),
        status: reply.statusCode,
        ip: req.ip ?? null,
        detail: JSON.stringify({
          ...(req.params && Object.keys(req.params as object).length ? { params: req.params } : {}),
          ...(req.auth?.tokenId ? { tokenId: req.auth.tokenId } : {}),
          ...(req.auditNote ?? {}),
        }),
      });
    } catch (err) {
      req.log.error({ err }, 'audit log write failed');
    }
    return payload;
  });
});

const csrfState = new WeakMap<FastifyRequest, string>();

async function authenticate(req: FastifyRequest, service: AuthService): Promise<Principal | null> {
  const header = req.headers.authorization;
  if (header !== undefined) {
    const m = /^Bearer\s+(\S+)$/i.exec(header);
    // A malformed or unknown Authorization header is never silently replaced by the cookie.
    return m ? service.resolveToken(m[1]!) : null;
  }
  const cookie = req.cookies?.[SESSION_COOKIE];
  if (!cookie || cookie.length > 200) return null;
  const s = await service.resolveSession(cookie);
  if (!s) return null;
  csrfState.set(req, s.csrfHash);
  const { csrfHash: _omit, ...principal } = s;
  return principal;
}

function csrfOk(req: FastifyRequest): boolean {
  const header = req.headers[CSRF_HEADER];
  const cookie = req.cookies?.[CSRF_COOKIE];
  const bound = csrfState.get(req);
  if (typeof header !== 'string' || !cookie || !bound || header.length > 200) return false;
  return safeEqual(header, cookie) && safeEqual(sha256(header), bound);
}

function deny(reply: FastifyReply, status: number, code: string, message: string) {
  if (status === 401) reply.header('www-authenticate', 'Bearer realm="mamori"');
  return reply.status(status).send({ error: { code, message, details: {} } });
}
