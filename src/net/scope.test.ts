import { test } from 'node:test';
import assert from 'node:assert/strict';
import { assertInScope, compileScope, decideScope, isOtTarget, type ScopeEntry } from './scope.js';
import { expandTargets, parseTargets, type Lookup } from './targets.js';
import { isMamoriError } from '../core/errors.js';

const lookup: Lookup = async (n) => (n === 'hmi.plant' ? ['127.0.3.50'] : []);
const entries: ScopeEntry[] = [
  { kind: 'include', spec: '127.0.3.0/25', ot: false },
  { kind: 'include', spec: '127.0.3.128-140', ot: true },
  { kind: 'include', spec: 'hmi.plant', ot: true },
  { kind: 'exclude', spec: '127.0.3.5', ot: false },
];
const targets = (...w: string[]) => expandTargets(parseTargets(w), { lookup });

test('targets inside includes pass, exclusions are skipped, OT ranges are recognised', async () => {
  const s = await compileScope(entries, lookup);
  const d = assertInScope(s, await targets('127.0.3.4-6', '127.0.3.130'));
  assert.deepEqual(d.allowed.map((t) => t.ip), ['127.0.3.4', '127.0.3.6', '127.0.3.130']);
  assert.deepEqual(d.excluded.map((t) => t.ip), ['127.0.3.5']);
  assert.equal(isOtTarget(s, d.allowed[2]!), true);
  assert.equal(isOtTarget(s, d.allowed[0]!), false);
  // a name entry covers the address it resolves to
  assert.equal(isOtTarget(s, { ip: '127.0.3.50', spec: '127.0.3.50' }), true);
});

test('any target outside the scope refuses the scan with a message naming it', async () => {
  const s = await compileScope(entries, lookup);
  assert.throws(() => assertInScope(s, [{ ip: '127.0.3.141', spec: '127.0.3.120-141' }]), (e: unknown) => {
    assert.ok(isMamoriError(e));
    assert.equal(e.code, 'E_OUT_OF_SCOPE');
    assert.match(e.message, /127\.0\.3\.141 \(from 127\.0\.3\.120-141\)/);
    return true;
  });
  const d = decideScope(s, await targets('127.0.3.139-142'));
  assert.deepEqual(d.outside.map((t) => t.ip), ['127.0.3.141', '127.0.3.142']);
});

test('an empty scope refuses everything and says so', async () => {
  const s = await compileScope([], lookup);
  assert.throws(() => assertInScope(s, [{ ip: '127.0.0.1', spec: '127.0.0.1' }]), /scope is empty\): 127\.0\.0\.1/);
});

test('OT zones from the inventory count as OT ranges', async () => {
  const s = await compileScope([{ kind: 'include', spec: '127.0.3.0/24', ot: false }], lookup, ['127.0.3.200/29', 'garbage']);
  assert.equal(isOtTarget(s, { ip: '127.0.3.201', spec: 'x' }), true);
  assert.equal(isOtTarget(s, { ip: '127.0.3.1', spec: 'x' }), false);
});
