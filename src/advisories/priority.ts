// One sortable priority (0-100) per match, with its reasons: CVSS (any version; the score is recomputed from
// the vector with ae-cvss-calculator when it can be, so a feed's wrong or missing baseScore does not decide),
// CISA KEV (exploited in the wild, ransomware), exposure (the vulnerable thing is a listening service, the zone
// is a DMZ or IT/OT boundary), and the asset's criticality (1-5). Only affected and unknown matches rank;
// an unknown ranks lower because it may not apply.
import cvssLib from 'ae-cvss-calculator';
import type { AdvisoryVerdict } from '../core/vocabulary.js';
import type { Cvss } from './formats/types.js';

const CALCULATORS: Record<Cvss['version'], new (v: string) => { calculateScores(): { base?: number; overall?: number } }> = {
  '2.0': cvssLib.Cvss2,
  '3.0': cvssLib.Cvss3P0,
  '3.1': cvssLib.Cvss3P1,
  '4.0': cvssLib.Cvss4P0,
};
const VERSION_RANK: Record<Cvss['version'], number> = { '4.0': 4, '3.1': 3, '3.0': 2, '2.0': 1 };

/** The newest CVSS version present, its base score recomputed from the vector when the vector parses. */
export function bestCvss(list: readonly Cvss[], compute = true): (Cvss & { computed: boolean }) | null {
  if (!list.length) return null;
  const best = [...list].sort((a, b) => VERSION_RANK[b.version] - VERSION_RANK[a.version] || b.baseScore - a.baseScore)[0]!;
  if (!compute) return { ...best, computed: false };
  try {
    const s = new CALCULATORS[best.version](best.vector).calculateScores();
    const score = s.base ?? s.overall;
    if (typeof score === 'number' && Number.isFinite(score)) return { ...best, baseScore: score, computed: true };
  } catch {
    // A vector the calculator rejects: keep the feed's number.
  }
  return { ...best, computed: false };
}

export interface PriorityInput {
  verdict: AdvisoryVerdict;
  cvss: readonly Cvss[];
  kev: { knownRansomware: boolean | null; dueAt?: string | null } | null;
  /** The matched asset field was a listening service ("services[tcp/445]"). */
  viaService: boolean;
  zoneKind: 'IT' | 'OT' | 'DMZ' | null;
  criticality: number | null;
}

export interface Priority {
  score: number;
  reasons: string[];
}

export function priorityOf(p: PriorityInput): Priority {
  if (p.verdict === 'fixed' || p.verdict === 'not-affected') return { score: 0, reasons: [`${p.verdict}: nothing to do`] };
  const reasons: string[] = [];
  const c = bestCvss(p.cvss);
  let score = c ? c.baseScore * 6 : 30;
  reasons.push(c ? `CVSS ${c.version} ${c.baseScore.toFixed(1)} (+${(c.baseScore * 6).toFixed(0)})` : 'no CVSS score (+30, assumed medium)');
  if (p.kev) {
    score += 25;
    reasons.push('in CISA KEV: exploited in the wild (+25)');
    if (p.kev.knownRansomware) {
      score += 10;
      reasons.push('used by ransomware campaigns (+10)');
    }
  }
  if (p.viaService) {
    score += 5;
    reasons.push('vulnerable component is a listening service (+5)');
  }
  if (p.zoneKind === 'DMZ') {
    score += 10;
    reasons.push('asset is in a DMZ zone (+10)');
  } else if (p.zoneKind === 'OT') {
    score += 5;
    reasons.push('asset is in an OT zone: safety and availability impact (+5)');
  }
  if (p.criticality !== null) {
    const d = (p.criticality - 3) * 4;
    score += d;
    if (d) reasons.push(`asset criticality ${p.criticality}/5 (${d > 0 ? '+' : ''}${d})`);
  }
  if (p.verdict === 'unknown') {
    score *= 0.6;
    reasons.push('verdict unknown: may not apply (×0.6)');
  }
  return { score: Math.max(0, Math.min(100, Math.round(score))), reasons };
}
