// Loads a JSON data file shipped with a check (or dropped by a user) and validates it with zod; a bad
// file is rejected naming the file and the field, never half-loaded.
import { readFileSync } from 'node:fs';
import type { z } from 'zod';
import { MamoriError } from '../core/errors.js';
import { packagePath } from '../core/package-root.js';

export function loadJsonData<T>(file: string, schema: z.ZodType<T>): T {
  let doc: unknown;
  try {
    doc = JSON.parse(readFileSync(file, 'utf8'));
  } catch (e) {
    throw new MamoriError('E_INPUT_INVALID', `${file}: cannot read JSON: ${(e as Error).message}`, { location: { file } });
  }
  return parseData(file, doc, schema);
}

export function parseData<T>(file: string, doc: unknown, schema: z.ZodType<T>): T {
  const r = schema.safeParse(doc);
  if (r.success) return r.data;
  const problems = r.error.issues.slice(0, 20).map((i) => ({ file, pointer: `/${i.path.join('/')}`, message: i.message }));
  const first = problems[0];
  throw new MamoriError('E_INPUT_INVALID', `${file}: invalid data at ${first?.pointer}: ${first?.message}`, { location: { file, pointer: first?.pointer }, problems });
}

/** Path of a data file shipped with a check: dataPath('end-of-life', 'eol.json') → src/checks/end-of-life/data/eol.json. */
export const dataPath = (check: string, name: string): string => packagePath('src', 'checks', check, 'data', name);
