import { test } from 'node:test';
import assert from 'node:assert/strict';
import { bestCvss, priorityOf } from './priority.js';

test('CVSS of any version is recomputed from the vector; the newest version wins', () => {
  const c = bestCvss([
    { version: '2.0', vector: 'AV:N/AC:M/Au:N/C:C/I:C/A:C', baseScore: 9.3 },
    { version: '3.1', vector: 'CVSS:3.1/AV:N/AC:L/PR:L/UI:N/S:U/C:H/I:H/A:H', baseScore: 1.0 },
  ])!;
  assert.equal(c.version, '3.1');
  assert.equal(c.baseScore, 8.8, 'a wrong feed score is corrected from the vector');
  assert.equal(bestCvss([{ version: '4.0', vector: 'CVSS:4.0/AV:N/AC:L/AT:N/PR:N/UI:N/VC:H/VI:H/VA:H/SC:N/SI:N/SA:N', baseScore: 0 }])!.baseScore, 9.3);
  assert.equal(bestCvss([{ version: '2.0', vector: 'AV:N/AC:M/Au:N/C:C/I:C/A:C', baseScore: 9.3 }])!.baseScore, 9.3);
  const bad = bestCvss([{ version: '3.0', vector: 'CVSS:3.0/garbage', baseScore: 5 }])!;
  assert.equal(bad.baseScore, 5);
  assert.equal(bad.computed, false);
  assert.equal(bestCvss([]), null);
});

test('KEV, exposure and criticality raise the priority; fixed ranks zero; unknown ranks lower', () => {
  const cvss = [{ version: '3.1' as const, vector: 'CVSS:3.1/AV:N/AC:L/PR:L/UI:N/S:U/C:H/I:H/A:H', baseScore: 8.8 }];
  const base = priorityOf({ verdict: 'affected', cvss, kev: null, viaService: false, zoneKind: null, criticality: null });
  const kev = priorityOf({ verdict: 'affected', cvss, kev: { knownRansomware: true }, viaService: true, zoneKind: 'DMZ', criticality: 5 });
  const unknown = priorityOf({ verdict: 'unknown', cvss, kev: null, viaService: false, zoneKind: null, criticality: null });
  assert.ok(kev.score > base.score && base.score > unknown.score, `${kev.score} > ${base.score} > ${unknown.score}`);
  assert.equal(kev.score, 100);
  assert.ok(kev.reasons.some((r) => /KEV/.test(r)) && kev.reasons.some((r) => /ransomware/.test(r)) && kev.reasons.some((r) => /DMZ/.test(r)));
  assert.equal(priorityOf({ verdict: 'fixed', cvss, kev: { knownRansomware: true }, viaService: true, zoneKind: 'DMZ', criticality: 5 }).score, 0);
});
