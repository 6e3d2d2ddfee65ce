// The validator library ships JavaScript without type declarations; these are the parts mamori uses.
declare module '@secvisogram/csaf-validator-lib/validateStrict.js' {
  export interface ValidationMessage {
    message: string;
    instancePath: string;
  }
  export interface TestResult {
    name: string;
    isValid: boolean;
    errors: ValidationMessage[];
    warnings: ValidationMessage[];
    infos: ValidationMessage[];
  }
  export type DocumentTest = (doc: unknown) => unknown;
  export default function validateStrict(tests: DocumentTest[], doc: unknown): Promise<{ isValid: boolean; tests: TestResult[] }>;
}
declare module '@secvisogram/csaf-validator-lib/schemaTests.js' {
  const tests: Record<string, (doc: unknown) => unknown>;
  export = tests;
}
declare module '@secvisogram/csaf-validator-lib/mandatoryTests.js' {
  const tests: Record<string, (doc: unknown) => unknown>;
  export = tests;
}
declare module '@secvisogram/csaf-validator-lib/validate.js' {
  import type { DocumentTest, TestResult } from '@secvisogram/csaf-validator-lib/validateStrict.js';
  export default function validate(tests: DocumentTest[], doc: unknown): Promise<{ isValid: boolean; tests: TestResult[] }>;
}
