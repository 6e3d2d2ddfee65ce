// CSAF 2.0 validation with the BSI/secvisogram validator: the strict JSON schema plus every mandatory test
// (CSAF 2.0 §6.1). Optional and informative tests are not run: they flag style, not correctness.
import validateStrict from '@secvisogram/csaf-validator-lib/validateStrict.js';
import * as schemaTests from '@secvisogram/csaf-validator-lib/schemaTests.js';
import * as mandatoryTests from '@secvisogram/csaf-validator-lib/mandatoryTests.js';

export interface CsafProblem {
  /** JSON pointer into the document. */
  pointer: string;
  message: string;
  /** The validator's test name, e.g. csaf_2_0_strict or mandatoryTest_6_1_1. */
  test: string;
}

const tests = [...Object.values(schemaTests), ...Object.values(mandatoryTests)].filter((t) => typeof t === 'function');

export async function validateCsaf(doc: unknown): Promise<{ valid: boolean; problems: CsafProblem[] }> {
  const result = await validateStrict(tests, doc);
  const problems = result.tests.flatMap((t) => t.errors.map((e) => ({ pointer: e.instancePath || '/', message: e.message, test: t.name })));
  return { valid: result.isValid, problems };
}
