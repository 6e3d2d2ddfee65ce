// `mamori init`, `mamori serve`, `mamori config show`: set up the data directory, run the dashboard + API.
import { existsSync, mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Command } from 'commander';
import { redactedConfig } from '../../config/config.js';
import { MamoriError } from '../../core/errors.js';
import type { CliContext } from '../context.js';
import { printJson } from '../output.js';

export function registerServe(program: Command, ctx: CliContext): void {
  program.command('init').description('create the data directory and database (MAMORI_HOME, default ./.mamori)')
    .option('--demo', 'load the demo factory inventory')
    .action(async (o) => {
      const home = ctx.config.home;
      mkdirSync(home, { recursive: true });
      const cfgFile = join(home, 'mamori.config.json');
      if (!existsSync(cfgFile)) writeFileSync(cfgFile, `${JSON.stringify({ server: { host: '127.0.0.1', port: 8484 } }, null, 2)}\n`);
      const store = await ctx.openStore();
      ctx.io.out(`mamori home: ${home}\ndatabase: ${redactedConfig(ctx.config).databaseUrl} (${store.dialect}, migrated)`);
      if (o.demo) {
        const { loadDemo } = await import('../../services/demo.service.js');
        const d = await loadDemo(store);
        ctx.io.out(d.assets ? `loaded ${d.assets} demo assets` : 'demo inventory already present');
        reportDemoAdvisories(d, (line) => ctx.io.out(line), (line) => ctx.io.err(line));
      }
      ctx.io.out('next: mamori assets import FILE.csv | mamori scope add 127.0.0.0/8 | mamori serve');
    });

  program.command('serve').description('run the web dashboard and REST API (loopback unless --host says otherwise)')
    .option('--host <address>', 'address to bind (default 127.0.0.1)')
    .option('--port <port>', 'port (default 8484, or MAMORI_PORT)', (v) => {
      const n = Number(v);
      if (!Number.isInteger(n) || n < 0 || n > 65535) throw new MamoriError('E_INPUT_INVALID', `--port must be 0-65535, got ${JSON.stringify(v)}`);
      return n;
    })
    .option('--demo', 'load the demo factory inventory on first run')
    .action(async (o) => {
      const config = { ...ctx.config, server: { ...ctx.config.server, ...(o.host ? { host: o.host } : {}), ...(o.port !== undefined ? { port: o.port } : {}) } };
      const store = await ctx.openStore();
      if (o.demo) {
        const { loadDemo } = await import('../../services/demo.service.js');
        const d = await loadDemo(store);
        if (d.assets) ctx.io.err(`loaded ${d.assets} demo assets into ${redactedConfig(config).databaseUrl}`);
        reportDemoAdvisories(d, (line) => ctx.io.err(line), (line) => ctx.io.err(line));
      }
      const [{ buildApp }, { AuthService }] = await Promise.all([import('../../api/app.js'), import('../../auth/auth.service.js')]);
      const app = await buildApp({ store, config, logger: { level: config.logLevel === 'info' ? 'warn' : config.logLevel } });
      const address = await app.listen({ host: config.server.host, port: config.server.port });
      const url = address.replace('0.0.0.0', '127.0.0.1');
      ctx.io.err(`mamori is running at ${url}/ (API ${url}/api, OpenAPI ${url}/api/docs)`);
      const auth = new AuthService(store.db);
      const token = await auth.issueSetupToken();
      if (token) ctx.io.err(`first run: open ${url}/#/setup and use this one-time setup token to create the admin:\n\n    ${token}\n`);
      await new Promise<void>((resolve) => {
        const stop = () => resolve();
        process.once('SIGINT', stop);
        process.once('SIGTERM', stop);
      });
      ctx.io.err('stopping');
      await app.close();
    });

  const config = program.command('config').description('configuration');
  config.command('show').description('the effective configuration (secrets hidden)').option('--json')
    .action((o) => {
      const c = redactedConfig(ctx.config);
      if (o.json) return printJson(ctx.io, c);
      ctx.io.out(`home         ${c.home}\ndatabase     ${c.databaseUrl}\nserver       ${c.server.host}:${c.server.port}${c.server.tlsCert ? ' (TLS)' : ''}\nlog level    ${c.logLevel}`);
    });
}

/** What loading the demo advisories gave, for either command. */
function reportDemoAdvisories(d: { advisories: number; advisoryError?: string }, say: (line: string) => void, warn: (line: string) => void): void {
  if (d.advisories) say(`imported ${d.advisories} demo advisories (CISA ICS, about the demo plant's Siemens PLCs)`);
  if (d.advisoryError) warn(`demo advisories not loaded: ${d.advisoryError}`);
}
