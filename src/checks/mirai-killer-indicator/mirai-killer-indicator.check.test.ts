import { test } from 'node:test';
import assert from 'node:assert/strict';
import { requireBinaries } from '../../../test/support/daemons/process.js';
import { startTelnetd, BUSYBOX_BIN } from '../../../test/support/daemons/telnetd.js';
import { silentServer, refusedPort } from '../../../test/support/emulators/raw-servers.js';
import { assetFixture, makeCheckContext, serviceFixture } from '../check-context.js';
import type { CheckResult } from '../types.js';
import { miraiKillerIndicatorCheck } from './mirai-killer-indicator.check.js';

const run = async (host: string, port: number, banner: string | null) => {
  const asset = assetFixture({ id: 'cam', ips: [host] });
  const svc = serviceFixture({ port, service: 'telnet', banner });
  if (!miraiKillerIndicatorCheck.selects(asset, svc)) return 'not-selected';
  return ((await miraiKillerIndicatorCheck.run(makeCheckContext({ asset, service: svc, options: { waitMs: 1500 }, timeoutMs: 5000 }))) as CheckResult).verdict;
};

test('a real telnetd that greets: not affected; a silent listener where a banner was recorded: possible infection', async (t) => {
  if (!requireBinaries(t, BUSYBOX_BIN)) return;
  const d = await startTelnetd({ ip: '127.0.5.105' });
  t.after(() => d.stop());
  assert.equal(await run('127.0.5.105', 23, 'Debian GNU/Linux 12 mamori-telnet'), 'not-affected');
  const killer = await silentServer('127.0.5.106');
  t.after(() => killer.close());
  assert.equal(await run('127.0.5.106', killer.port, 'Debian GNU/Linux 12 mamori-telnet'), 'infected');
  assert.equal(await run('127.0.5.106', killer.port, null), 'not-selected', 'no recorded banner: nothing to compare with');
  assert.equal(await run('127.0.5.106', await refusedPort('127.0.5.106'), 'x'), 'unknown');
});
