// Secure headers for every response (@fastify/helmet) and the built dashboard (web/dist) served at `/`.
// The dashboard uses hash routes (#/inventory), so no server-side fallback route is needed and nothing
// outside /api but static files is ever answered.
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import fp from 'fastify-plugin';
import helmet from '@fastify/helmet';
import fastifyStatic from '@fastify/static';
import { packagePath } from '../../core/package-root.js';

export const DEFAULT_WEB_ROOT = packagePath('web', 'dist');

export interface WebPluginOptions {
  /** Folder with the built dashboard; false to serve none. Default web/dist when it has an index.html. */
  webRoot?: string | false;
  tls: boolean;
}

export const webPlugin = fp<WebPluginOptions>(async (app, opts) => {
  await app.register(helmet, {
    contentSecurityPolicy: {
      useDefaults: false,
      directives: {
        'default-src': ["'self'"],
        'script-src': ["'self'"],
        // Swagger UI (at /api/docs) and React style attributes need inline styles; no inline scripts anywhere.
        'style-src': ["'self'", "'unsafe-inline'"],
        'img-src': ["'self'", 'data:'],
        'font-src': ["'self'", 'data:'],
        'connect-src': ["'self'"],
        'object-src': ["'none'"],
        'base-uri': ["'none'"],
        'form-action': ["'self'"],
        'frame-ancestors': ["'none'"],
        ...(opts.tls ? { 'upgrade-insecure-requests': [] } : {}),
      },
    },
    // HSTS only makes sense (and only is honoured) over TLS.
    strictTransportSecurity: opts.tls ? { maxAge: 15552000, includeSubDomains: false } : false,
    referrerPolicy: { policy: 'no-referrer' },
    crossOriginEmbedderPolicy: false,
  });
  app.addHook('onSend', async (req, reply, payload) => {
    // Answers about devices must not linger in shared caches or the browser's back/forward cache.
    if (req.url.startsWith('/api')) reply.header('cache-control', 'no-store');
    return payload;
  });
  const root = opts.webRoot === undefined ? DEFAULT_WEB_ROOT : opts.webRoot;
  if (root && existsSync(join(root, 'index.html'))) {
    await app.register(fastifyStatic, { root, prefix: '/', index: ['index.html'], wildcard: true });
  }
});
