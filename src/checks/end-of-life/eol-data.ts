// The end-of-life table (data/eol.json): which OS/firmware names are past vendor support, and since when.
import { z } from 'zod';
import type { Asset } from '../../core/asset.js';
import { dataPath, loadJsonData } from '../data-file.js';

const isoDay = z.string().regex(/^\d{4}-\d{2}-\d{2}$/, 'a date YYYY-MM-DD');

export const eolEntrySchema = z.object({
  id: z.string().regex(/^[a-z0-9.-]+$/),
  title: z.string().min(1),
  field: z.enum(['os', 'firmware', 'any']),
  pattern: z.string().refine((p) => {
    try {
      new RegExp(p, 'i');
      return true;
    } catch {
      return false;
    }
  }, 'a valid regular expression'),
  eol: isoDay,
  source: z.string().url(),
});
export type EolEntry = z.infer<typeof eolEntrySchema>;
export const eolDataSchema = z.object({ $comment: z.string().optional(), entries: z.array(eolEntrySchema).min(1) });
export type EolData = z.infer<typeof eolDataSchema>;

let cached: EolData | null = null;
export const builtinEol = (): EolData => (cached ??= loadJsonData(dataPath('end-of-life', 'eol.json'), eolDataSchema));

export interface EolMatch {
  entry: EolEntry;
  field: 'os' | 'firmware';
  text: string;
}

/** The first entry whose pattern matches the asset's OS or firmware text. */
export function matchEol(asset: Pick<Asset, 'os' | 'firmware'>, data: EolData): EolMatch | null {
  const texts: { field: 'os' | 'firmware'; text: string }[] = [];
  for (const field of ['os', 'firmware'] as const) {
    const sw = asset[field];
    const text = [sw?.name, sw?.version].filter(Boolean).join(' ').trim();
    if (text) texts.push({ field, text });
  }
  for (const entry of data.entries) {
    const re = new RegExp(entry.pattern, 'i');
    for (const t of texts) {
      if (entry.field !== 'any' && entry.field !== t.field) continue;
      if (re.test(t.text)) return { entry, ...t };
    }
  }
  return null;
}
