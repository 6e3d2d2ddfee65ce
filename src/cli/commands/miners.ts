// `mamori miners expect|list|forget`: the wallets and pools each rig (or the whole fleet) must mine to; the
// miner-integrity check raises a critical finding on any drift.
import type { Command } from 'commander';
import { MamoriError } from '../../core/errors.js';
import type { CliContext } from '../context.js';
import { printJson, table } from '../output.js';

export function registerMiners(program: Command, ctx: CliContext): void {
  const cmd = program.command('miners').description('mining rigs: register the expected wallet/pool, see what each rig mines to');
  cmd
    .command('expect')
    .description('register the wallet and/or pool a rig (--asset) or the whole fleet (--fleet) must mine to')
    .option('--wallet <address>')
    .option('--pool <host:port>', 'e.g. eth-eu1.nanopool.org:9999 or stratum+tcp://host:port')
    .option('--asset <ref>', 'asset id, IP or host name')
    .option('--fleet', 'applies to every rig without its own expectation')
    .option('--note <text>')
    .option('--json')
    .action(async (o) => {
      if (!o.wallet && !o.pool) throw new MamoriError('E_INPUT_INVALID', 'give --wallet and/or --pool');
      if (Boolean(o.asset) === Boolean(o.fleet)) throw new MamoriError('E_INPUT_INVALID', 'give exactly one of --asset REF or --fleet');
      if (o.wallet && !/^[A-Za-z0-9._:-]{8,128}$/.test(o.wallet)) throw new MamoriError('E_INPUT_INVALID', `--wallet does not look like a wallet address: ${JSON.stringify(o.wallet)}`);
      if (o.pool && !/^([a-z0-9+]+:\/\/)?[^\s/:]+:\d{1,5}$/i.test(o.pool)) throw new MamoriError('E_INPUT_INVALID', `--pool must be host:port, got ${JSON.stringify(o.pool)}`);
      const store = await ctx.openStore();
      let assetId: string | null = null;
      if (o.asset) {
        const { InventoryService } = await import('../../services/inventory.service.js');
        const a = await new InventoryService(store).get(String(o.asset));
        if (!a) throw new MamoriError('E_NOT_FOUND', `no asset ${JSON.stringify(o.asset)}`);
        assetId = a.id;
      }
      const { FindingsRepo } = await import('../../db/repos/findings.repo.js');
      const repo = new FindingsRepo(store.db);
      await repo.addExpectation({ assetId, wallet: o.wallet ?? null, pool: o.pool ?? null, note: o.note ?? null, at: new Date().toISOString() });
      const all = await repo.expectations();
      if (o.json) return printJson(ctx.io, all[all.length - 1]);
      ctx.io.out(`expectation ${all[all.length - 1]?.id} registered for ${assetId ?? 'the fleet'}`);
    });
  cmd
    .command('forget <id>')
    .description('remove a registered expectation')
    .action(async (id: string) => {
      const { FindingsRepo } = await import('../../db/repos/findings.repo.js');
      const n = await new FindingsRepo((await ctx.openStore()).db).removeExpectation(Number(id));
      if (!n) throw new MamoriError('E_NOT_FOUND', `no expectation ${JSON.stringify(id)}`);
      ctx.io.out(`expectation ${id} removed`);
    });
  cmd
    .command('list')
    .description('registered expectations and, per rig, what it was last seen mining to')
    .option('--json')
    .action(async (o) => {
      const store = await ctx.openStore();
      const [{ FindingsRepo }, { listAssets }] = await Promise.all([import('../../db/repos/findings.repo.js'), import('../../db/repos/assets.repo.js')]);
      const repo = new FindingsRepo(store.db);
      const expectations = await repo.expectations();
      const rigs = await listAssets(store.db, { class: 'miner' });
      const results = await repo.results({ checkIds: ['miner-integrity', 'miner-api-unauthenticated'] });
      const observed = results
        .filter((r) => r.check_id === 'miner-integrity')
        .map((r) => {
          const d = JSON.parse(r.data || '{}') as { pools?: string[]; wallets?: string[]; auth?: string; kind?: string };
          return { assetId: r.asset_id, port: r.port, verdict: r.verdict, reason: r.reason, summary: r.summary, kind: d.kind ?? null, auth: d.auth ?? null, pools: d.pools ?? [], wallets: d.wallets ?? [], at: r.at };
        });
      const seen = new Set(observed.map((x) => x.assetId));
      const unchecked = rigs.filter((a) => !seen.has(a.id)).map((a) => a.id);
      if (o.json) return printJson(ctx.io, { expectations, observed, unchecked });
      ctx.io.out('expected:');
      ctx.io.out(table(['ID', 'SCOPE', 'WALLET', 'POOL', 'NOTE'], expectations.map((e) => [e.id, e.assetId ?? 'fleet', e.wallet ?? '', e.pool ?? '', e.note ?? '']), 50));
      ctx.io.out('observed:');
      ctx.io.out(table(['ASSET', 'PORT', 'API', 'AUTH', 'POOLS', 'WALLETS', 'VERDICT'], observed.map((x) => [x.assetId, x.port, x.kind, x.auth, x.pools.join(','), x.wallets.join(','), x.verdict]), 50));
      if (unchecked.length) ctx.io.out(`not checked yet: ${unchecked.join(', ')} (run: mamori checks run --check miner-integrity)`);
    });
}
