// EMULATOR (not the real miner): the cgminer / bfgminer / sgminer RPC API on TCP 4028, written from
// shared/docs/protocols/miners.md §4 (ckolivas/cgminer API-README and api.c at b8491c66). A real
// cgminer needs mining hardware or a pool to start, so its documented API behaviour is reproduced:
// one request per connection (JSON `{"command":…,"parameter":…}` or text `cmd|param`), the reply
// followed by a NUL byte, then close; `+`-joined report commands in JSON mode; privileged commands
// refused with Code 45 unless the client has W: access (option `privileged`).
// Counts connections and commands so tests can prove a probe sent no privileged command.
import { listenTcp, type RunningServer } from './raw-servers.js';

export interface CgminerPool {
  url: string;
  user: string;
  status?: 'Alive' | 'Dead' | 'Disabled';
}

export interface CgminerEmulatorOptions {
  host: string;
  /** Listening port (default 0 = any free port; 4028 for rig-like scans). */
  port?: number;
  /** Which program: decides the VERSION key ("CGMiner") and the Description ("cgminer 4.11.1"). */
  program?: 'cgminer' | 'bfgminer' | 'sgminer' | 'bmminer';
  version?: string;
  api?: string;
  /** Extra VERSION fields, e.g. { Type: 'Antminer S9' } or { PROD: 'AvalonMiner 10xx' }. */
  versionExtra?: Record<string, string>;
  pools?: CgminerPool[];
  /** Whether this client is in the W: (write) allow list. Default false (R: read-only). */
  privileged?: boolean;
  elapsed?: number;
  mhsAv?: number;
}

export interface CgminerStats {
  connections: number;
  maxConcurrent: number;
  commands: string[];
  /** Privileged commands received (denied or not). */
  privilegedAttempts: string[];
}

export interface CgminerEmulator extends RunningServer {
  stats(): CgminerStats;
  pools(): { url: string; user: string; active: boolean }[];
}

const PRIVILEGED = new Set([
  'addpool', 'switchpool', 'enablepool', 'disablepool', 'removepool', 'poolpriority', 'poolquota', 'save', 'quit', 'restart',
  'privileged', 'gpuenable', 'gpudisable', 'gpurestart', 'gpuintensity', 'gpumem', 'gpuengine', 'gpufan', 'gpuvddc',
  'pgaenable', 'pgadisable', 'pgaidentify', 'pgaset', 'ascenable', 'ascdisable', 'ascidentify', 'ascset',
  'failover-only', 'setconfig', 'zero', 'debug', 'hotplug', 'lockstats',
]);

type Rec = Record<string, string | number | boolean>;
interface Answer {
  status: { STATUS: string; Code: number; Msg: string };
  section?: [string, Rec[]];
}

const VERSION_KEY = { cgminer: 'CGMiner', bfgminer: 'BFGMiner', sgminer: 'SGMiner', bmminer: 'BMMiner' } as const;

export async function startCgminerEmulator(o: CgminerEmulatorOptions): Promise<CgminerEmulator> {
  const program = o.program ?? 'cgminer';
  const version = o.version ?? '4.11.1';
  const description = `${program} ${version}`;
  const pools = (o.pools ?? [{ url: 'stratum+tcp://pool.example.org:3333', user: '1BitcoinEaterAddressDontSendf59kuE.worker1' }]).map((p, i) => ({
    ...p,
    active: i === 0,
  }));
  const stats: Omit<CgminerStats, 'connections' | 'maxConcurrent'> = { commands: [], privilegedAttempts: [] };

  const answer = (cmd: string, param: string): Answer => {
    stats.commands.push(cmd);
    if (PRIVILEGED.has(cmd)) {
      stats.privilegedAttempts.push(cmd);
      if (!o.privileged) return { status: { STATUS: 'E', Code: 45, Msg: `Access denied to '${cmd}' command` } };
    }
    switch (cmd) {
      case 'version':
        return {
          status: { STATUS: 'S', Code: 22, Msg: `${VERSION_KEY[program]} versions` },
          section: ['VERSION', [{ [VERSION_KEY[program]]: version, API: o.api ?? '3.7', ...(o.versionExtra ?? {}) }]],
        };
      case 'summary':
        return {
          status: { STATUS: 'S', Code: 11, Msg: 'Summary' },
          section: ['SUMMARY', [{ Elapsed: o.elapsed ?? 58219, 'MHS av': o.mhsAv ?? 70827.84, 'MHS 5s': o.mhsAv ?? 70827.84, 'Found Blocks': 0, Accepted: 14755, Rejected: 162, 'Hardware Errors': 2352, Utility: 15.21, 'Best Share': 7493180 }]],
        };
      case 'pools':
        return {
          status: { STATUS: 'S', Code: 7, Msg: `${pools.length} Pool(s)` },
          section: ['POOLS', pools.map((p, i) => ({ POOL: i, URL: p.url, Status: p.status ?? 'Alive', Priority: i, Quota: 1, Accepted: 5, Rejected: 0, User: p.user, 'Stratum Active': p.active, 'Stratum URL': p.url.replace(/^.*:\/\//, '').replace(/:\d+$/, '') }))],
        };
      case 'privileged':
        return { status: { STATUS: 'S', Code: 46, Msg: 'Privileged access OK' } };
      case 'addpool': {
        const [url, user] = param.split(',');
        if (!url || !user) return { status: { STATUS: 'E', Code: 52, Msg: 'Invalid addpool details' } };
        pools.push({ url, user, active: false });
        return { status: { STATUS: 'S', Code: 55, Msg: `Added pool ${pools.length - 1}: '${url}'` } };
      }
      case 'switchpool': {
        const n = Number(param);
        const target = Number.isInteger(n) ? pools[n] : undefined;
        if (!target) return { status: { STATUS: 'E', Code: 26, Msg: `Invalid pool id ${param}` } };
        for (const p of pools) p.active = p === target;
        return { status: { STATUS: 'S', Code: 27, Msg: `Switching to pool ${n}:'${target.url}'` } };
      }
      default:
        if (PRIVILEGED.has(cmd)) return { status: { STATUS: 'S', Code: 0, Msg: `${cmd} OK` } };
        return { status: { STATUS: 'E', Code: 14, Msg: 'Invalid command' } };
    }
  };

  const when = () => Math.floor(Date.now() / 1000);
  const jsonOf = (a: Answer) => ({
    STATUS: [{ STATUS: a.status.STATUS, When: when(), Code: a.status.Code, Msg: a.status.Msg, Description: description }],
    ...(a.section ? { [a.section[0]]: a.section[1] } : {}),
    id: 1,
  });
  const esc = (v: string | number | boolean) => String(v).replace(/([\\|,=])/g, '\\$1');
  const textOf = (a: Answer) => {
    let out = `STATUS=${a.status.STATUS},When=${when()},Code=${a.status.Code},Msg=${esc(a.status.Msg)},Description=${esc(description)}|`;
    if (a.section) {
      const [name, recs] = a.section;
      for (const r of recs) {
        // Pools are named per record (POOL=0,…); single-record sections by their name (SUMMARY,…).
        const fields = Object.entries(r).map(([k, v]) => `${k}=${esc(v)}`);
        out += `${name === 'POOLS' ? '' : `${name},`}${fields.join(',')}|`;
      }
    }
    return out;
  };

  const server = await listenTcp(o.host, (s) => {
    s.once('data', (chunk: Buffer) => {
      const req = chunk.toString('latin1').replace(/\0/g, '').trim();
      let reply: string;
      if (req.startsWith('{')) {
        let doc: { command?: unknown; parameter?: unknown } | null = null;
        try {
          doc = JSON.parse(req) as { command?: unknown; parameter?: unknown };
        } catch {
          doc = null;
        }
        if (!doc || typeof doc.command !== 'string') {
          reply = JSON.stringify(jsonOf({ status: { STATUS: 'E', Code: 23, Msg: 'Invalid JSON' } }));
        } else {
          const param = typeof doc.parameter === 'string' ? doc.parameter : doc.parameter === undefined ? '' : String(doc.parameter);
          const cmds = doc.command.split('+');
          if (cmds.length > 1) {
            // Joined report commands: each answer wrapped in a member named after its command.
            const joined: Record<string, unknown> = {};
            for (const c of cmds) joined[c] = [PRIVILEGED.has(c) ? jsonOf(answer(c, '')) : jsonOf(answer(c, param))];
            reply = JSON.stringify({ ...joined, id: 1 });
          } else reply = JSON.stringify(jsonOf(answer(doc.command, param)));
        }
      } else {
        const bar = req.indexOf('|');
        reply = textOf(answer(bar >= 0 ? req.slice(0, bar) : req, bar >= 0 ? req.slice(bar + 1) : ''));
      }
      s.end(Buffer.concat([Buffer.from(reply, 'latin1'), Buffer.from([0])]));
    });
  }, o.port ?? 0);

  return {
    ...server,
    stats: () => ({ connections: server.counter.connections, maxConcurrent: server.counter.maxConcurrent, ...structuredClone(stats) }),
    pools: () => pools.map((p) => ({ url: p.url, user: p.user, active: p.active })),
  };
}
