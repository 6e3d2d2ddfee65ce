// Login, logout, first-run setup, the caller's identity, users (admin) and API tokens.
// Auth levels are declared per route (see plugins/auth.ts); secrets never appear in responses except a new
// API token, once, at creation.
import { z } from 'zod';
import type { FastifyReply } from 'fastify';
import type {} from '@fastify/cookie';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { MamoriError } from '../../core/errors.js';
import { toPublicUser, type NewSession } from '../../auth/auth.service.js';
import { PASSWORD_MAX } from '../../auth/password.js';
import { roleSchema } from '../../auth/roles.js';
import { CSRF_COOKIE, SESSION_COOKIE } from '../plugins/auth.js';
import type { RouteFactory } from './index.js';

const userSchema = z.object({
  id: z.string(),
  username: z.string(),
  displayName: z.string().nullable(),
  role: roleSchema,
  sites: z.array(z.string()).nullable(),
  disabled: z.boolean(),
  createdAt: z.string(),
  lastLoginAt: z.string().nullable(),
});
const tokenSchema = z.object({
  id: z.string(),
  name: z.string(),
  username: z.string(),
  prefix: z.string(),
  role: roleSchema,
  createdAt: z.string(),
  expiresAt: z.string().nullable(),
  lastUsedAt: z.string().nullable(),
  revoked: z.boolean(),
});
const password = z.string().min(1).max(PASSWORD_MAX);
const loginBody = z.object({ username: z.string().min(1).max(200), password });
const sessionReply = z.object({ user: userSchema, csrfToken: z.string(), expiresAt: z.string() });
const idParams = z.object({ id: z.string().min(1).max(100) });

export const authRoutes: RouteFactory = () => async (plain) => {
  const app = plain.withTypeProvider<ZodTypeProvider>();
  const svc = plain.authService;

  const setCookies = (reply: FastifyReply, s: NewSession) => {
    const base = { path: '/', sameSite: 'strict' as const, secure: plain.secureCookies, expires: new Date(s.expiresAt) };
    reply.setCookie(SESSION_COOKIE, s.sessionToken, { ...base, httpOnly: true });
    // Readable by the dashboard's script, which echoes it in x-csrf-token; useless to another origin.
    reply.setCookie(CSRF_COOKIE, s.csrfToken, { ...base, httpOnly: false });
  };
  const sessionBody = (s: NewSession) => ({ user: s.user, csrfToken: s.csrfToken, expiresAt: s.expiresAt });

  app.get('/auth/status', { config: { auth: 'public' }, schema: { response: { 200: z.object({ setupRequired: z.boolean(), authenticated: z.boolean() }) } } }, async (req) => ({
    setupRequired: await svc.setupRequired(),
    authenticated: req.auth !== null,
  }));

  app.post(
    '/auth/setup',
    {
      config: { auth: 'public' },
      schema: { body: z.object({ setupToken: z.string().min(1).max(200), username: z.string().min(1).max(64), password, displayName: z.string().max(100).nullish() }), response: { 200: sessionReply } },
    },
    async (req, reply) => {
      // Counted per client address only: a global counter would let anyone lock first-run setup for everyone
      // (the token has 192 bits; the limit is against noise, not a realistic guess).
      const retry = plain.loginLimiter.retryAfterMs(req.ip, `(setup)${req.ip}`);
      if (retry > 0) return tooMany(reply, retry);
      req.auditNote = { username: req.body.username };
      let user;
      try {
        user = await svc.completeSetup(req.body.setupToken, { username: req.body.username, password: req.body.password, displayName: req.body.displayName ?? null });
      } catch (e) {
        if (e instanceof MamoriError && e.code === 'E_UNAUTHENTICATED') plain.loginLimiter.fail(req.ip, `(setup)${req.ip}`);
        throw e;
      }
      const s = await svc.createSession(await svc.getUser(user.id), { ip: req.ip, userAgent: req.headers['user-agent'] ?? null });
      setCookies(reply, s);
      return sessionBody(s);
    },
  );

  app.post('/auth/login', { config: { auth: 'public' }, schema: { body: loginBody, response: { 200: sessionReply } } }, async (req, reply) => {
    const { username } = req.body;
    req.auditNote = { username: username.slice(0, 64) };
    const retry = plain.loginLimiter.retryAfterMs(req.ip, username);
    if (retry > 0) {
      req.auditNote.outcome = 'rate-limited';
      return tooMany(reply, retry);
    }
    const user = await svc.verifyCredentials(username, req.body.password);
    if (!user) {
      plain.loginLimiter.fail(req.ip, username);
      req.auditNote.outcome = 'bad-credentials';
      throw new MamoriError('E_UNAUTHENTICATED', 'wrong username or password');
    }
    plain.loginLimiter.succeed(username);
    const s = await svc.createSession(user, { ip: req.ip, userAgent: req.headers['user-agent'] ?? null });
    setCookies(reply, s);
    req.auditNote.outcome = 'ok';
    return sessionBody(s);
  });

  app.post('/auth/logout', { config: { auth: 'viewer' }, schema: { response: { 204: z.null() } } }, async (req, reply) => {
    const cookie = req.cookies[SESSION_COOKIE];
    if (cookie) await svc.endSession(cookie);
    reply.clearCookie(SESSION_COOKIE, { path: '/' }).clearCookie(CSRF_COOKIE, { path: '/' });
    return reply.status(204).send(null);
  });

  app.get('/auth/me', { config: { auth: 'viewer' }, schema: { response: { 200: z.object({ user: userSchema, via: z.enum(['session', 'token']), role: roleSchema }) } } }, async (req) => {
    const p = req.auth!;
    return { user: toPublicUser(await svc.getUser(p.userId)), via: p.via, role: p.role };
  });

  app.post(
    '/auth/password',
    { config: { auth: 'viewer' }, schema: { body: z.object({ currentPassword: password, newPassword: password }), response: { 204: z.null() } } },
    async (req, reply) => {
      await svc.changeOwnPassword(req.auth!.userId, req.body.currentPassword, req.body.newPassword);
      return reply.status(204).send(null);
    },
  );

  // Users: admin only.
  app.get('/users', { config: { auth: 'admin' }, schema: { response: { 200: z.object({ items: z.array(userSchema) }) } } }, async () => ({ items: await svc.listUsers() }));

  app.post(
    '/users',
    {
      config: { auth: 'admin' },
      schema: {
        body: z.object({ username: z.string().min(1).max(64), password, role: roleSchema, sites: z.array(z.string()).nullish(), displayName: z.string().max(100).nullish() }),
        response: { 201: userSchema },
      },
    },
    async (req, reply) => {
      const user = await svc.createUser({ ...req.body, sites: req.body.sites ?? null, displayName: req.body.displayName ?? null });
      req.auditNote = { username: user.username, role: user.role };
      return reply.status(201).send(user);
    },
  );

  app.patch(
    '/users/:id',
    {
      config: { auth: 'admin' },
      schema: {
        params: idParams,
        body: z.object({ role: roleSchema.optional(), sites: z.array(z.string()).nullable().optional(), displayName: z.string().max(100).nullable().optional(), disabled: z.boolean().optional(), password: password.optional() }).strict(),
        response: { 200: userSchema },
      },
    },
    async (req) => {
      req.auditNote = { changed: Object.keys(req.body) };
      return svc.updateUser(req.params.id, req.body);
    },
  );

  app.delete('/users/:id', { config: { auth: 'admin' }, schema: { params: idParams, response: { 200: userSchema } } }, async (req) => svc.deleteUser(req.params.id));

  // API tokens: everyone manages their own; admins see and revoke all.
  app.get('/tokens', { config: { auth: 'viewer' }, schema: { response: { 200: z.object({ items: z.array(tokenSchema) }) } } }, async (req) => ({
    items: await svc.listTokens(req.auth!.role === 'admin' ? undefined : req.auth!.userId),
  }));

  app.post(
    '/tokens',
    {
      config: { auth: 'viewer' },
      schema: {
        body: z.object({ name: z.string().min(1).max(100), role: roleSchema.optional(), expiresInDays: z.number().int().min(1).max(3650).nullish() }),
        response: { 201: z.object({ token: z.string(), info: tokenSchema }) },
      },
    },
    async (req, reply) => {
      // A token cannot mint tokens: a leaked sensor token must not be able to extend itself.
      if (req.auth!.via === 'token') throw new MamoriError('E_FORBIDDEN', 'API tokens cannot create tokens; log in to create one');
      const role = req.body.role ?? req.auth!.role;
      const created = await svc.createToken(req.auth!.userId, { name: req.body.name, role, expiresInDays: req.body.expiresInDays ?? null });
      req.auditNote = { tokenName: created.info.name, newTokenId: created.info.id, role: created.info.role };
      return reply.status(201).send(created);
    },
  );

  app.delete('/tokens/:id', { config: { auth: 'viewer' }, schema: { params: idParams, response: { 200: tokenSchema } } }, async (req) =>
    svc.revokeToken(req.params.id, { userId: req.auth!.userId, role: req.auth!.role }),
  );
};

/** 429 with Retry-After; sent directly because rate limiting is an HTTP concern, not a MamoriError code. */
function tooMany(reply: FastifyReply, retryMs: number) {
  const s = Math.ceil(retryMs / 1000);
  return reply
    .status(429)
    .header('retry-after', String(s))
    .send({ error: { code: 'E_RATE_LIMITED', message: `too many failed attempts; try again in ${s} s`, details: { retryAfterSeconds: s } } });
}
