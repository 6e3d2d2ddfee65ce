// Worker threads that start the same way from the TypeScript sources (tests, benches, `mamori` run through tsx)
// and from the CLI bundle, and a small job pool over them. Used where one core is not enough for work that splits
// into independent batches (a whole-NVD ingest, a full re-match); each job's result comes back as its own promise.
import { createHash } from 'node:crypto';
import { existsSync, mkdirSync, renameSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { availableParallelism } from 'node:os';
import { basename, join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { parentPort, Worker, type TransferListItem } from 'node:worker_threads';
import { packagePath } from './package-root.js';

/**
 * Starts the worker module `name` that sits next to the calling module (`callerUrl`: its import.meta.url):
 * `name.mjs` in dist/cli/ when mamori runs bundled (scripts/build-cli.mjs bundles every `*.worker.ts` as an entry
 * point of its own), else `name.ts` bundled here on first use (see sourceWorker).
 */
export function startWorker(callerUrl: string, name: string): Worker {
  const url = callerUrl.endsWith('.ts') ? sourceWorker(new URL(`./${name}.ts`, callerUrl)) : new URL(`./${name}.mjs`, callerUrl);
  // No flags of this process (`--import tsx` cannot load a worker); MAMORI_WORKER_ARGS for diagnostics, e.g.
  // "--cpu-prof --cpu-prof-dir=/tmp/prof" to profile the workers.
  const execArgv = process.env.MAMORI_WORKER_ARGS ? process.env.MAMORI_WORKER_ARGS.split(' ') : [];
  return new Worker(url, { execArgv });
}

const bundled = new Map<string, URL>();
/**
 * A worker's TypeScript module as one ESM file, built with esbuild (npm packages stay external) into
 * node_modules/.cache/mamori-workers/, named by its content. Why not tsx in the worker: loader hooks registered
 * in this thread do not reach a worker, and registering them there loads every module through a hooks thread
 * (seconds per worker); esbuild bundles the same module in well under a second, once per process.
 */
function sourceWorker(entry: URL): URL {
  let url = bundled.get(entry.href);
  if (url) return url;
  const esbuild = createRequire(import.meta.url)('esbuild') as typeof import('esbuild');
  const out = esbuild.buildSync({
    entryPoints: [fileURLToPath(entry)], bundle: true, format: 'esm', platform: 'node', target: 'node20', packages: 'external', write: false, logLevel: 'silent',
  }).outputFiles[0]!;
  const dir = packagePath('node_modules', '.cache', 'mamori-workers');
  const file = join(dir, `${basename(entry.pathname, '.ts')}-${createHash('sha1').update(out.contents).digest('hex').slice(0, 16)}.mjs`);
  if (!existsSync(file)) {
    mkdirSync(dir, { recursive: true });
    // Written aside and renamed: another process may be starting the same worker.
    const tmp = `${file}.${process.pid}.tmp`;
    writeFileSync(tmp, out.contents);
    renameSync(tmp, file);
  }
  url = pathToFileURL(file);
  bundled.set(entry.href, url);
  return url;
}

/**
 * How many worker threads a parallel job should use: MAMORI_WORKERS when set (0 = none, run in this thread), else
 * `byDefault` (capped by the cores there are).
 */
export function workerCount(byDefault: number): number {
  const env = process.env.MAMORI_WORKERS;
  if (env !== undefined && env !== '') {
    const n = Number(env);
    if (Number.isInteger(n) && n >= 0) return Math.min(n, 16);
  }
  return Math.max(0, Math.min(byDefault, availableParallelism()));
}

interface JobMessage {
  seq: number;
  job: unknown;
}
type ReplyMessage = { seq: number; ok: true; result: unknown } | { seq: number; ok: false; error: { name: string; message: string; stack?: string } };

/** Worker side: answers every job the pool sends with `handle(job)` (an exception goes back as the job's error). */
export function serveJobs<In, Out>(handle: (job: In) => Out | Promise<Out>, transferOf?: (out: Out) => TransferListItem[]): void {
  const port = parentPort;
  if (!port) throw new Error('serveJobs() runs in a worker thread');
  port.on('message', async (m: JobMessage) => {
    let reply: ReplyMessage;
    let transfer: TransferListItem[] = [];
    try {
      const result = await handle(m.job as In);
      reply = { seq: m.seq, ok: true, result };
      if (transferOf) transfer = transferOf(result);
    } catch (e) {
      const err = e instanceof Error ? e : new Error(String(e));
      reply = { seq: m.seq, ok: false, error: { name: err.name, message: err.message, ...(err.stack ? { stack: err.stack } : {}) } };
    }
    port.postMessage(reply, transfer);
  });
}

/**
 * Sends jobs to a few workers (the least busy first) and hands results back as promises. A worker that dies
 * fails every job it held and every later job, with the reason.
 */
export class WorkerPool<In, Out> {
  private readonly workers: { w: Worker; busy: number }[];
  private readonly pending = new Map<number, { resolve: (o: Out) => void; reject: (e: Error) => void }>();
  private seq = 0;
  private failure: Error | null = null;

  constructor(callerUrl: string, name: string, count: number) {
    this.workers = Array.from({ length: count }, (_, i) => {
      const w = startWorker(callerUrl, name);
      w.on('message', (m: ReplyMessage) => this.settle(i, m));
      w.on('error', (e) => this.fail(new Error(`worker ${name} failed: ${e.message}`, { cause: e })));
      w.on('exit', (code) => {
        if (code !== 0 && !this.closing) this.fail(new Error(`worker ${name} exited with code ${code}`));
      });
      return { w, busy: 0 };
    });
  }

  get size(): number {
    return this.workers.length;
  }

  run(job: In, transfer: TransferListItem[] = [], worker?: number): Promise<Out> {
    if (this.failure) return Promise.reject(this.failure);
    let i = worker ?? 0;
    if (worker === undefined) for (let k = 1; k < this.workers.length; k++) if (this.workers[k]!.busy < this.workers[i]!.busy) i = k;
    const seq = ++this.seq;
    const slot = this.workers[i]!;
    slot.busy++;
    return new Promise<Out>((resolve, reject) => {
      this.pending.set(seq, { resolve, reject });
      slot.w.postMessage({ seq, job } satisfies JobMessage, transfer);
    });
  }

  private settle(worker: number, m: ReplyMessage): void {
    const p = this.pending.get(m.seq);
    if (!p) return;
    this.pending.delete(m.seq);
    this.workers[worker]!.busy--;
    if (m.ok) p.resolve(m.result as Out);
    else p.reject(Object.assign(new Error(m.error.message), { name: m.error.name, stack: m.error.stack }));
  }

  private fail(e: Error): void {
    if (this.failure) return;
    this.failure = e;
    for (const p of this.pending.values()) p.reject(e);
    this.pending.clear();
  }

  private closing = false;

  async close(): Promise<void> {
    this.closing = true;
    await Promise.all(this.workers.map((x) => x.w.terminate()));
  }
}
