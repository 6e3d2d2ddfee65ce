// Bearer secrets (session cookies, CSRF tokens, API tokens, setup tokens): 32 random bytes, base64url.
// Only their SHA-256 is stored, so a copy of the database does not let anyone log in.
import { createHash, randomBytes, timingSafeEqual } from 'node:crypto';

export const newSecret = (bytes = 32): string => randomBytes(bytes).toString('base64url');
export const sha256 = (s: string): string => createHash('sha256').update(s, 'utf8').digest('hex');
export const newId = (): string => randomBytes(12).toString('hex');

/** API tokens look like `mmr_<43 chars>` so secret scanners and humans recognise them. */
export const API_TOKEN_PREFIX = 'mmr_';
export const newApiToken = (): string => `${API_TOKEN_PREFIX}${newSecret()}`;

export function safeEqual(a: string, b: string): boolean {
  const ba = Buffer.from(a, 'utf8');
  const bb = Buffer.from(b, 'utf8');
  return ba.length === bb.length && timingSafeEqual(ba, bb);
}
