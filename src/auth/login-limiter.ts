// Login rate limiting: failures are counted per client address and per username in a sliding window.
// Past the limit, further attempts are refused (429 with Retry-After) without checking the password,
// so guessing costs the attacker time and costs the server no scrypt work. In memory: one server process.
export interface LimiterOptions {
  maxFailures?: number;
  windowMs?: number;
  now?: () => number;
  /** Bound on tracked keys, so a spray of usernames cannot grow memory without limit. */
  maxKeys?: number;
}

export class LoginLimiter {
  private readonly failures = new Map<string, number[]>();
  private readonly max: number;
  private readonly windowMs: number;
  private readonly now: () => number;
  private readonly maxKeys: number;

  constructor(opts: LimiterOptions = {}) {
    this.max = opts.maxFailures ?? 5;
    this.windowMs = opts.windowMs ?? 15 * 60_000;
    this.now = opts.now ?? Date.now;
    this.maxKeys = opts.maxKeys ?? 10_000;
  }

  private recent(key: string): number[] {
    const cutoff = this.now() - this.windowMs;
    const list = (this.failures.get(key) ?? []).filter((t) => t > cutoff);
    if (list.length) this.failures.set(key, list);
    else this.failures.delete(key);
    return list;
  }

  /** Milliseconds to wait before another attempt is allowed, or 0 when allowed now. */
  retryAfterMs(ip: string, username: string): number {
    let wait = 0;
    for (const key of keys(ip, username)) {
      const list = this.recent(key);
      if (list.length >= this.max) wait = Math.max(wait, (list[list.length - this.max] ?? 0) + this.windowMs - this.now());
    }
    return Math.max(0, wait);
  }

  fail(ip: string, username: string): void {
    for (const key of keys(ip, username)) {
      const list = [...this.recent(key), this.now()];
      // Map order is insertion order: re-inserting moves the key to the end, so the first key is the stalest.
      this.failures.delete(key);
      while (this.failures.size >= this.maxKeys) {
        const oldest = this.failures.keys().next().value;
        if (oldest === undefined) break;
        this.failures.delete(oldest);
      }
      this.failures.set(key, list);
    }
  }

  /** A successful login clears the username's counter (not the address's: one good account must not reset a spray). */
  succeed(username: string): void {
    this.failures.delete(`u:${username.trim().toLowerCase()}`);
  }
}

const keys = (ip: string, username: string) => [`ip:${ip}`, `u:${username.trim().toLowerCase()}`];
