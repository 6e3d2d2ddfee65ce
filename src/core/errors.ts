// One error type with stable codes. Expected outcomes (closed port, garbled reply, skipped feed item)
// are values, not errors; MamoriError is for when a caller should stop. Translated once per boundary:
// api/plugins/error-mapper.ts (HTTP status) and cli/main.ts (exit code).
export type ErrorCode =
  | 'E_CONFIG_INVALID'
  | 'E_INPUT_INVALID'
  | 'E_NOT_FOUND'
  | 'E_CONFLICT'
  | 'E_FEED_FORMAT'
  | 'E_DB'
  | 'E_OPTIONAL_DEP_MISSING'
  | 'E_POLICY_DENIED'
  | 'E_OUT_OF_SCOPE'
  | 'E_ABORTED'
  | 'E_UPSTREAM'
  | 'E_UNAUTHENTICATED'
  | 'E_FORBIDDEN';

/** Where in an input the problem is: a file, a line, a column or JSON pointer. */
export interface ErrorLocation {
  file?: string;
  line?: number;
  column?: string;
  pointer?: string;
}

export interface ErrorExtra {
  cause?: unknown;
  details?: Record<string, unknown>;
  location?: ErrorLocation;
  /** Several problems found at once (e.g. every bad row of an import). */
  problems?: readonly Problem[];
  retryAfterMs?: number;
}

export interface Problem extends ErrorLocation {
  message: string;
}

export class MamoriError extends Error {
  readonly code: ErrorCode;
  readonly extra: ErrorExtra;
  constructor(code: ErrorCode, message: string, extra: ErrorExtra = {}) {
    super(message, { cause: extra.cause });
    this.name = 'MamoriError';
    this.code = code;
    this.extra = extra;
  }
}

/** `file:line: column: reason`, the form editors and users recognise. */
export function formatProblem(p: Problem): string {
  const where = [p.file, p.line !== undefined ? String(p.line) : undefined].filter(Boolean).join(':');
  const parts = [where, p.column ?? p.pointer, p.message].filter((x) => x !== undefined && x !== '');
  return parts.join(': ');
}

export const isMamoriError = (e: unknown): e is MamoriError => e instanceof MamoriError;
