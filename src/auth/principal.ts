// Who is making a request, as every route handler sees it through `request.auth` (set by the auth plugin).
import type { Role } from './roles.js';

export interface Principal {
  userId: string;
  username: string;
  /** Effective role: the user's role, lowered to the token's role for API tokens. */
  role: Role;
  /** Sites the user is limited to, or null for every site. */
  sites: readonly string[] | null;
  via: 'session' | 'token';
  /** Set for API tokens, so audit entries name the token. */
  tokenId?: string;
  /** Set for cookie sessions; mutating requests must echo it in the x-csrf-token header. */
  sessionHash?: string;
}

export const parseSites = (json: string | null): string[] | null => {
  if (json === null) return null;
  try {
    const v = JSON.parse(json) as unknown;
    return Array.isArray(v) ? v.filter((s): s is string => typeof s === 'string') : [];
  } catch {
    // A corrupt value must not widen access: treat it as "no site".
    return [];
  }
};
