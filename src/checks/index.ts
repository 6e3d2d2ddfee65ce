// Every check, one line each. Order is the order they run on an asset (cheap passive checks first).
import type { Check } from './types.js';
import { endOfLifeCheck } from './end-of-life/end-of-life.check.js';
import { unnecessaryPortsCheck } from './unnecessary-ports/unnecessary-ports.check.js';

export const checks: readonly Check<any>[] = [
  endOfLifeCheck,
  unnecessaryPortsCheck,
];

export const checkById = (id: string): Check<any> | undefined => checks.find((c) => c.id === id);
