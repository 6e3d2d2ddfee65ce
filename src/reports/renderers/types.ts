// Report-renderer contract (design.md §4.6): pure and deterministic — same model + options, same bytes.
import type { z } from 'zod';
import type { ReportModel } from '../model.js';

export interface ReportRenderer<O = Record<string, never>> {
  readonly id: string;
  readonly mediaType: string;
  readonly extension: string;
  readonly optionsSchema: z.ZodType<O>;
  render(model: ReportModel, options: O): string | Uint8Array;
}

export const defineRenderer = <O>(r: ReportRenderer<O>): ReportRenderer<O> => r;
