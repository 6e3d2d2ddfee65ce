// Site scoping: a user limited to sites (an OT engineer of plant A) sees and changes only those sites' data.
// Route handlers call siteScope(request) and pass the result to repos; repos narrow their SQL with
// whereSiteIn(). Rows with no site are visible only to unscoped users. See docs/security.md.
import type { FastifyRequest } from 'fastify';
import type { ExpressionBuilder, Expression, SqlBool } from 'kysely';
import { MamoriError } from '../core/errors.js';
import type { Principal } from './principal.js';

/** `null` sites = every site. An empty list = nothing (a scoped user with no sites sees nothing). */
export interface SiteScope {
  readonly all: boolean;
  readonly sites: readonly string[];
}

export const ALL_SITES: SiteScope = Object.freeze({ all: true, sites: [] });

export function scopeOf(p: Principal | null | undefined): SiteScope {
  if (!p) return { all: false, sites: [] };
  return p.sites === null ? ALL_SITES : { all: false, sites: [...p.sites] };
}

/** The caller's site scope. Requests that passed the auth hook always have a principal. */
export function siteScope(request: FastifyRequest): SiteScope {
  return scopeOf(request.auth);
}

export function siteAllowed(scope: SiteScope, site: string | null | undefined): boolean {
  if (scope.all) return true;
  return site !== null && site !== undefined && scope.sites.includes(site);
}

/** Throws E_NOT_FOUND (not 403: an out-of-scope device must not be confirmed to exist). */
export function assertSiteAllowed(scope: SiteScope, site: string | null | undefined, what = 'resource'): void {
  if (!siteAllowed(scope, site)) throw new MamoriError('E_NOT_FOUND', `${what} not found`);
}

/**
 * Intersects a `?site=` filter from the request with the scope. Returns the sites to query, or null for
 * "no site filter" (unscoped user, no filter asked). A scoped user asking for a foreign site gets [].
 */
export function narrowSites(scope: SiteScope, requested?: string | readonly string[] | null): string[] | null {
  const req = requested === undefined || requested === null || requested === '' ? null : typeof requested === 'string' ? [requested] : [...requested];
  if (scope.all) return req;
  return req ? req.filter((s) => scope.sites.includes(s)) : [...scope.sites];
}

/**
 * A kysely where-callback: `.where(whereSiteIn(scope, 'assets.site'))`. For unscoped users it is `true`;
 * for scoped users `site IN (...)`, or `false` when they have no site at all.
 */
// eslint-disable-next-line @typescript-eslint/no-explicit-any -- usable in any repo's query, whatever its tables
export function whereSiteIn(scope: SiteScope, column: string): (eb: ExpressionBuilder<any, any>) => Expression<SqlBool> {
  return (eb) => {
    if (scope.all) return eb.lit(true);
    if (scope.sites.length === 0) return eb.lit(false);
    return eb(eb.ref(column), 'in', [...scope.sites]);
  };
}
