// A progress bar on stderr for long work, only when stderr is a terminal (logs and pipes stay clean).
import cliProgress from 'cli-progress';
import type { CliIo } from './context.js';

export interface Progress {
  update(done: number, total: number): void;
  stop(): void;
}

export function progress(io: CliIo, label: string): Progress {
  if (!io.interactive) return { update: () => undefined, stop: () => undefined };
  let bar: cliProgress.SingleBar | null = null;
  return {
    update(done, total) {
      if (!bar) {
        bar = new cliProgress.SingleBar({ format: `${label} [{bar}] {percentage}% {value}/{total} {eta_formatted} left`, stream: process.stderr, hideCursor: true }, cliProgress.Presets.shades_classic);
        bar.start(total, 0);
      }
      bar.setTotal(total);
      bar.update(done);
    },
    stop() {
      bar?.stop();
    },
  };
}
