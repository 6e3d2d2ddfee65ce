// JSON inventory files: an array of assets, or { "assets": [...] } as `mamori assets export --format json`
// writes. Each element is validated against the AssetInput schema; problems name the JSON path.
import { assetInputSchema, type AssetInput } from '../core/asset.js';
import { MamoriError, type Problem } from '../core/errors.js';
import { normalizeInput } from '../inventory/normalize.js';

const KNOWN = new Set(Object.keys(assetInputSchema.shape));

export function parseJsonInventory(text: string, file: string): { rows: { line: number; input: AssetInput }[]; problems: Problem[] } {
  let doc: unknown;
  try {
    doc = JSON.parse(text);
  } catch (e) {
    const m = /position (\d+)/.exec((e as Error).message);
    const line = m ? text.slice(0, Number(m[1])).split('\n').length : undefined;
    throw new MamoriError('E_INPUT_INVALID', `${file}${line ? `:${line}` : ''}: not valid JSON: ${(e as Error).message}`, { location: { file, line }, cause: e });
  }
  const list = Array.isArray(doc) ? doc : Array.isArray((doc as { assets?: unknown })?.assets) ? (doc as { assets: unknown[] }).assets : null;
  if (!list) throw new MamoriError('E_INPUT_INVALID', `${file}: expected an array of assets or {"assets": [...]}`, { location: { file, pointer: '/' } });
  const rows: { line: number; input: AssetInput }[] = [];
  const problems: Problem[] = [];
  list.forEach((el, i) => {
    // Exported assets carry read-only fields (id, provenance, timestamps): drop them, keep the facts.
    const facts = el && typeof el === 'object' ? Object.fromEntries(Object.entries(el).filter(([k]) => KNOWN.has(k))) : el;
    if (facts && typeof facts === 'object' && Array.isArray((facts as { services?: unknown }).services)) {
      (facts as { services: unknown[] }).services = (facts as { services: Record<string, unknown>[] }).services.map((s) =>
        s && typeof s === 'object' ? Object.fromEntries(Object.entries(s).filter(([k]) => ['transport', 'port', 'service', 'product', 'version', 'banner', 'extra'].includes(k))) : s,
      );
    }
    const r = assetInputSchema.safeParse(facts);
    if (!r.success) {
      for (const issue of r.error.issues) problems.push({ file, pointer: `/${[i, ...issue.path].join('/')}`, message: issue.message });
      return;
    }
    const np = normalizeInput(r.data).problems;
    if (np.length) {
      for (const p of np) problems.push({ file, pointer: `/${i}/${p.column}`, message: p.message });
      return;
    }
    rows.push({ line: i + 1, input: r.data as AssetInput });
  });
  return { rows, problems };
}
