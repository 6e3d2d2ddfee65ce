// Small lenient readers for untrusted JSON: they never throw, they answer undefined.
export type Json = Record<string, unknown>;

export const isObj = (v: unknown): v is Json => typeof v === 'object' && v !== null && !Array.isArray(v);
export const obj = (v: unknown): Json | undefined => (isObj(v) ? v : undefined);
export const arr = (v: unknown): unknown[] => (Array.isArray(v) ? v : []);
export const str = (v: unknown): string | undefined => (typeof v === 'string' ? v : undefined);
export const num = (v: unknown): number | undefined => (typeof v === 'number' && Number.isFinite(v) ? v : undefined);
export const strs = (v: unknown): string[] => arr(v).filter((x): x is string => typeof x === 'string');

/** Vendors write "Rockwell Automation " and titles start with a zero-width space. */
const NEEDS_CLEAN = /[\u200b\u200e\u200f\ufeff]|\s\s|[^\S ]|^\s|\s$/;
export const clean = (s: string | undefined): string => (!s ? '' : NEEDS_CLEAN.test(s) ? s.replace(/[\u200b\u200e\u200f\ufeff]/g, '').replace(/\s+/g, ' ').trim() : s);

/** A JSON pointer segment, escaped per RFC 6901. */
export const ptr = (...parts: (string | number)[]): string => parts.map((p) => `/${String(p).replace(/~/g, '~0').replace(/\//g, '~1')}`).join('');

export const CVE_RE = /^CVE-\d{4}-\d{4,}$/;
