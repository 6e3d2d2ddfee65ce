// The check contract: hygiene, exposure and malware-indicator plugins, one folder each, registered in
// index.ts. A check selects services from the stored inventory (pure), then may send its own bounded
// requests through ctx.net. Results are verdict values; the engine turns them into findings.
import type { z } from 'zod';
import type { Asset, Service } from '../core/asset.js';
import type { Confidence, Safety, Severity, Verdict } from '../core/vocabulary.js';
import type { TranscriptEntry } from '../net/tcp-session.js';
import type { Evidence, NetTools, ProbeLogger } from '../probes/types.js';

export interface LocalizedText {
  en: string;
  ja: string;
}

export interface CheckContext<O> {
  readonly asset: Asset;
  readonly service: Service | null;
  readonly host: string;
  readonly options: O;
  readonly signal: AbortSignal;
  readonly deadline: number;
  readonly net: NetTools;
  readonly log: ProbeLogger;
  /** Zone kind of the asset ('OT' zones get stricter policies). */
  readonly zoneKind: 'IT' | 'OT' | 'DMZ' | null;
  /** True only when the user opted in to credential attempts (--credentials). */
  readonly credentialsAllowed: boolean;
  /** This check's previous results for this asset/service (latest run), for "changed since" logic. */
  readonly previous: readonly PreviousResult[];
  /** Expected wallets/pools registered with `mamori miners expect` that apply to this asset. */
  readonly minerExpectations: readonly MinerExpectation[];
  /** The clock (injected in tests). */
  readonly now: Date;
}

export interface PreviousResult {
  verdict: Verdict;
  discriminator: string | null;
  data: Record<string, unknown>;
  at: string;
}

export interface MinerExpectation {
  wallet: string | null;
  pool: string | null;
  /** null = fleet-wide. */
  assetId: string | null;
}

export type CheckResult =
  | {
      verdict: Exclude<Verdict, 'not-affected' | 'unknown'>;
      confidence: Confidence;
      summary: string;
      evidence: readonly Evidence[];
      transcript?: readonly TranscriptEntry[];
      /** Distinguishes several findings of one check on one service (e.g. which credential entry). */
      discriminator?: string;
      severity?: Severity;
      data?: Record<string, unknown>;
    }
  | {
      verdict: 'not-affected';
      summary?: string;
      discriminator?: string;
      data?: Record<string, unknown>;
      evidence?: readonly Evidence[];
      transcript?: readonly TranscriptEntry[];
    }
  | {
      verdict: 'unknown';
      reason: 'needs-credentials' | 'disallowed-by-policy' | 'timeout' | 'unreachable' | 'unsupported' | (string & {});
      discriminator?: string;
      data?: Record<string, unknown>;
      evidence?: readonly Evidence[];
      transcript?: readonly TranscriptEntry[];
    };

export interface Check<O = Record<string, never>> {
  readonly id: string;
  readonly title: LocalizedText;
  readonly description: LocalizedText;
  readonly remediation: LocalizedText;
  /** CVE ids, MITRE ATT&CK for ICS technique ids (T0812...), advisory ids, URLs. */
  readonly references: readonly string[];
  readonly severity: Severity;
  readonly safety: Safety;
  readonly tags: readonly string[];
  /** Service names it applies to ('smb', 'telnet'...); empty = any (see `level`). */
  readonly services: readonly string[];
  /** 'service' runs once per selected service; 'asset' once per asset. Default: 'service' when `services` is non-empty. */
  readonly level?: 'asset' | 'service';
  /** Time budget of one run on one service (default 10 s); checks that make several bounded exchanges say more. */
  readonly timeoutMs?: number;
  readonly optionsSchema: z.ZodType<O>;
  /** Pure selector over the stored inventory. No I/O. */
  selects(asset: Asset, service: Service | null): boolean;
  /** Several results when a check finds several distinct problems (e.g. one per forbidden port). */
  run(ctx: CheckContext<O>): Promise<CheckResult | CheckResult[]>;
}

export const defineCheck = <O>(check: Check<O>): Check<O> => check;
