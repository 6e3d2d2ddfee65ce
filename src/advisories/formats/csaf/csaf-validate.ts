// CSAF 2.0 validation with the BSI/secvisogram validator: the strict JSON schema plus every mandatory test
// (CSAF 2.0 §6.1). Optional and informative tests are not run: they flag style, not correctness, and loading
// them (spell checking and more) costs seconds. The library is loaded on first use, so commands that never
// see a CSAF document do not pay for it. The test list is the library's own, never caller-supplied, which is
// what makes the non-strict `validate` entry point safe here.
import type { DocumentTest, TestResult } from '@secvisogram/csaf-validator-lib/validateStrict.js';

export interface CsafProblem {
  /** JSON pointer into the document. */
  pointer: string;
  message: string;
  /** The validator's test name, e.g. csaf_2_0_strict or mandatoryTest_6_1_1. */
  test: string;
}

type Validate = (tests: DocumentTest[], doc: unknown) => Promise<{ isValid: boolean; tests: TestResult[] }>;
let loaded: Promise<{ validate: Validate; tests: DocumentTest[] }> | null = null;

function load() {
  loaded ??= (async () => {
    const [{ default: validate }, schemaTests, mandatoryTests] = await Promise.all([
      import('@secvisogram/csaf-validator-lib/validate.js'),
      import('@secvisogram/csaf-validator-lib/schemaTests.js'),
      import('@secvisogram/csaf-validator-lib/mandatoryTests.js'),
    ]);
    const fns = (ns: unknown) => Object.values(ns as Record<string, unknown>).filter((t): t is DocumentTest => typeof t === 'function');
    const tests = [...fns(schemaTests), ...fns(mandatoryTests)];
    return { validate: validate as Validate, tests };
  })();
  return loaded;
}

export async function validateCsaf(doc: unknown): Promise<{ valid: boolean; problems: CsafProblem[] }> {
  const { validate, tests } = await load();
  const result = await validate(tests, doc);
  const problems = result.tests.flatMap((t) => t.errors.map((e) => ({ pointer: e.instancePath || '/', message: e.message, test: t.name })));
  return { valid: result.isValid, problems };
}
