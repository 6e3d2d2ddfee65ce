// The shared words of mamori: severities, safety classes, verdicts. Every plugin, store and report uses these.
import { z } from 'zod';

export const SEVERITIES = ['info', 'low', 'medium', 'high', 'critical'] as const;
export const severitySchema = z.enum(SEVERITIES);
export type Severity = z.infer<typeof severitySchema>;

/**
 * What running a plugin may do to a target; the engine enforces it per profile.
 * S0 passive · S1 one read-only request, no auth · S2 read-only with session/anonymous/community auth
 * S3 credential attempts · S4 writes/executes/could crash (never shipped enabled)
 */
export const SAFETY_CLASSES = ['S0', 'S1', 'S2', 'S3', 'S4'] as const;
export const safetySchema = z.enum(SAFETY_CLASSES);
export type Safety = z.infer<typeof safetySchema>;
export const safetyRank = (s: Safety): number => SAFETY_CLASSES.indexOf(s);

/** Exposure verdicts (checks, campaigns). 'unknown' is a coverage gap, never a pass. */
export const VERDICTS = ['infected', 'exploitable', 'exposed', 'mitigated', 'not-affected', 'unknown'] as const;
export const verdictSchema = z.enum(VERDICTS);
export type Verdict = z.infer<typeof verdictSchema>;

/** Advisory verdicts (asset × vulnerability). */
export const ADVISORY_VERDICTS = ['affected', 'fixed', 'not-affected', 'unknown'] as const;
export const advisoryVerdictSchema = z.enum(ADVISORY_VERDICTS);
export type AdvisoryVerdict = z.infer<typeof advisoryVerdictSchema>;

export const CONFIDENCES = ['confirmed', 'likely'] as const;
export const confidenceSchema = z.enum(CONFIDENCES);
export type Confidence = z.infer<typeof confidenceSchema>;

export const ASSET_CLASSES = ['it', 'ot', 'iot', 'miner'] as const;
export const assetClassSchema = z.enum(ASSET_CLASSES);
export type AssetClass = z.infer<typeof assetClassSchema>;

/** Known device kinds; free text is allowed too, these are the ones the UI and policies know. */
export const ASSET_KINDS = [
  'plc', 'hmi', 'engineering-workstation', 'historian', 'rtu', 'ied', 'drive', 'scada-server', 'ot-gateway',
  'camera', 'nvr', 'router', 'switch', 'firewall', 'access-point', 'printer', 'signage', 'atm', 'pos',
  'server', 'workstation', 'laptop', 'nas', 'iot-sensor', 'building-controller', 'ups', 'phone',
  'broker', 'rig', 'other',
] as const;

export const ZONE_KINDS = ['IT', 'OT', 'DMZ'] as const;
export const zoneKindSchema = z.enum(ZONE_KINDS);
export type ZoneKind = z.infer<typeof zoneKindSchema>;

export const TRANSPORTS = ['tcp', 'udp'] as const;
export const transportSchema = z.enum(TRANSPORTS);
export type Transport = z.infer<typeof transportSchema>;

/** A person's VEX-style decision on a match: it survives re-syncs and edits that do not change the outcome. */
export const DECISIONS = ['not-affected', 'false-positive', 'mitigated'] as const;
export type Decision = (typeof DECISIONS)[number];
