// Loads campaigns: the built-in ones (src/campaigns/data) and the user's (MAMORI_HOME/campaigns/*.yaml|yml|json).
// A malformed file is rejected whole, naming the file, the line and the field.
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { extname, join } from 'node:path';
import { LineCounter, parseDocument, isNode } from 'yaml';
import { MamoriError, type Problem } from '../core/errors.js';
import { checkById } from '../checks/index.js';
import { campaignSchema, type Campaign } from './campaign.js';
import { packagePath } from '../core/package-root.js';

export const BUILTIN_CAMPAIGN_DIR = packagePath('src', 'campaigns', 'data');
const EXTENSIONS = new Set(['.yaml', '.yml', '.json']);

/** Parses one campaign document; `file` names it in errors. */
export function parseCampaign(file: string, source: string): Campaign {
  const lines = new LineCounter();
  const doc = parseDocument(source, { lineCounter: lines, prettyErrors: false });
  if (doc.errors.length) {
    const e = doc.errors[0]!;
    const line = e.linePos?.[0]?.line ?? (e.pos ? lines.linePos(e.pos[0]).line : undefined);
    throw new MamoriError('E_INPUT_INVALID', `${file}${line ? `:${line}` : ''}: not valid YAML/JSON: ${e.message.split('\n')[0]}`, {
      location: { file, ...(line ? { line } : {}) },
    });
  }
  const r = campaignSchema.safeParse(doc.toJS());
  const problems: Problem[] = [];
  if (!r.success) {
    for (const i of r.error.issues.slice(0, 20)) {
      const path = i.path.map(String);
      problems.push({ file, ...lineOf(doc, lines, i.path as (string | number)[]), pointer: `/${path.join('/')}`, message: i.message });
    }
  } else {
    r.data.checks.forEach((id, n) => {
      if (!checkById(id)) problems.push({ file, ...lineOf(doc, lines, ['checks', n]), pointer: `/checks/${n}`, message: `unknown check ${JSON.stringify(id)}` });
    });
    for (const v of ['infected', 'exploitable', 'exposed'] as const) {
      r.data.verdicts[v].forEach((c, n) => {
        if ('check' in c && !checkById(c.check)) {
          problems.push({ file, ...lineOf(doc, lines, ['verdicts', v, n, 'check']), pointer: `/verdicts/${v}/${n}/check`, message: `unknown check ${JSON.stringify(c.check)}` });
        }
      });
    }
  }
  if (problems.length) {
    const p = problems[0]!;
    throw new MamoriError('E_INPUT_INVALID', `${file}${p.line ? `:${p.line}` : ''}: campaign field ${p.pointer}: ${p.message}`, {
      location: { file, ...(p.line ? { line: p.line } : {}), pointer: p.pointer },
      problems,
    });
  }
  return r.data!;
}

function lineOf(doc: ReturnType<typeof parseDocument>, lines: LineCounter, path: (string | number)[]): { line?: number } {
  // The deepest node that exists on the path: a missing field is reported at its parent.
  for (let n = path.length; n >= 0; n--) {
    const node = n === 0 ? doc.contents : doc.getIn(path.slice(0, n), true);
    if (isNode(node) && node.range) return { line: lines.linePos(node.range[0]).line };
  }
  return {};
}

export function loadCampaignFile(file: string): Campaign {
  let source: string;
  try {
    source = readFileSync(file, 'utf8');
  } catch (e) {
    throw new MamoriError('E_INPUT_INVALID', `cannot read campaign file ${file}: ${(e as Error).message}`, { location: { file } });
  }
  return parseCampaign(file, source);
}

function filesIn(dir: string): string[] {
  if (!existsSync(dir)) return [];
  return readdirSync(dir)
    .filter((f) => EXTENSIONS.has(extname(f).toLowerCase()))
    .sort()
    .map((f) => join(dir, f));
}

export interface LoadedCampaign {
  campaign: Campaign;
  file: string;
  origin: 'builtin' | 'user';
}

/** Built-in campaigns, then the user's; a user campaign with a built-in id replaces it. */
export function loadCampaigns(userDir?: string): LoadedCampaign[] {
  const byId = new Map<string, LoadedCampaign>();
  for (const file of filesIn(BUILTIN_CAMPAIGN_DIR)) {
    const campaign = loadCampaignFile(file);
    byId.set(campaign.id, { campaign, file, origin: 'builtin' });
  }
  if (userDir) {
    for (const file of filesIn(userDir)) {
      const campaign = loadCampaignFile(file);
      byId.set(campaign.id, { campaign, file, origin: 'user' });
    }
  }
  return [...byId.values()].sort((a, b) => a.campaign.id.localeCompare(b.campaign.id));
}

export function findCampaign(name: string, userDir?: string): LoadedCampaign {
  const all = loadCampaigns(userDir);
  const hit = all.find((c) => c.campaign.id === name.toLowerCase());
  if (!hit) throw new MamoriError('E_NOT_FOUND', `no campaign ${JSON.stringify(name)}; known: ${all.map((c) => c.campaign.id).join(', ')}`);
  return hit;
}
