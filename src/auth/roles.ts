// Roles, least to most powerful. A route names the least role it needs; 'public' means no login at all.
import { z } from 'zod';

export const ROLES = ['viewer', 'analyst', 'admin'] as const;
export const roleSchema = z.enum(ROLES);
export type Role = z.infer<typeof roleSchema>;

export const AUTH_LEVELS = ['public', ...ROLES] as const;
export type AuthLevel = (typeof AUTH_LEVELS)[number];

export const roleRank = (r: Role): number => ROLES.indexOf(r);
export const roleAtLeast = (have: Role, need: Role): boolean => roleRank(have) >= roleRank(need);
/** The weaker of two roles: a token never carries more power than its owner has today. */
export const minRole = (a: Role, b: Role): Role => (roleRank(a) <= roleRank(b) ? a : b);
