// Password hashing with scrypt (node:crypto). Stored form: `scrypt$N$r$p$saltB64$hashB64`, so cost can be
// raised later and old hashes still verify. Comparison is constant-time.
import { randomBytes, scrypt as scryptCb, timingSafeEqual, type ScryptOptions } from 'node:crypto';
import { MamoriError } from '../core/errors.js';

export interface ScryptCost {
  N: number;
  r: number;
  p: number;
}

/** ~50-100 ms on one core of this class of machine; OWASP's scrypt floor is N=2^17,r=8,p=1 or N=2^15 with p≥3. */
export const DEFAULT_COST: ScryptCost = { N: 2 ** 15, r: 8, p: 3 };
const KEY_LEN = 32;
const SALT_LEN = 16;
export const PASSWORD_MIN = 10;
/** Long inputs are cheap for scrypt, but a bound keeps request bodies and logs sane. */
export const PASSWORD_MAX = 256;

function scrypt(password: string, salt: Buffer, cost: ScryptCost): Promise<Buffer> {
  const opts: ScryptOptions = { N: cost.N, r: cost.r, p: cost.p, maxmem: 256 * cost.N * cost.r + 1024 * 1024 };
  return new Promise((resolve, reject) => scryptCb(password.normalize('NFKC'), salt, KEY_LEN, opts, (err, key) => (err ? reject(err) : resolve(key))));
}

/** Rejects weak passwords with a message naming the rule; returns nothing on success. */
export function checkPasswordPolicy(password: string, username?: string): void {
  const problems: string[] = [];
  if ([...password].length < PASSWORD_MIN) problems.push(`must be at least ${PASSWORD_MIN} characters`);
  if ([...password].length > PASSWORD_MAX) problems.push(`must be at most ${PASSWORD_MAX} characters`);
  if (username && password.toLowerCase().includes(username.toLowerCase())) problems.push('must not contain the username');
  if (/^(.)\1*$/.test(password)) problems.push('must not be one repeated character');
  if (problems.length) {
    throw new MamoriError('E_INPUT_INVALID', `password ${problems.join('; ')}`, { details: { field: 'password' } });
  }
}

export async function hashPassword(password: string, cost: ScryptCost = DEFAULT_COST): Promise<string> {
  const salt = randomBytes(SALT_LEN);
  const key = await scrypt(password, salt, cost);
  return `scrypt$${cost.N}$${cost.r}$${cost.p}$${salt.toString('base64')}$${key.toString('base64')}`;
}

/** False for a wrong password and for a malformed stored hash (never throws on bad data). */
export async function verifyPassword(password: string, stored: string): Promise<boolean> {
  const parts = stored.split('$');
  if (parts.length !== 6 || parts[0] !== 'scrypt') return false;
  const [N, r, p] = [Number(parts[1]), Number(parts[2]), Number(parts[3])];
  if (![N, r, p].every((n) => Number.isInteger(n) && n > 0) || N > 2 ** 20 || r > 32 || p > 16) return false;
  const salt = Buffer.from(parts[4] ?? '', 'base64');
  const expected = Buffer.from(parts[5] ?? '', 'base64');
  if (salt.length < 8 || expected.length !== KEY_LEN) return false;
  const key = await scrypt(password.slice(0, PASSWORD_MAX * 4), salt, { N, r, p });
  return timingSafeEqual(key, expected);
}

/** A hash of a random password, verified against for unknown usernames so timing does not reveal them. */
let dummyHash: Promise<string> | null = null;
export const dummyPasswordHash = (cost: ScryptCost = DEFAULT_COST): Promise<string> => (dummyHash ??= hashPassword(randomBytes(24).toString('base64'), cost));
