// Worker thread of a parallel full match (stored-match.ts): compiles its share of the stored advisories as
// pages arrive, then matches every asset group against that share.
import { serveJobs } from '../../core/workers.js';
import { AdvisoryIndex } from './matcher.js';
import { addRows, loadFromFile, matchComponents, packVerdicts, receiveComponents, type PackedVerdicts, type SentComponent } from './stored-match.js';

export type MatchJob =
  /** The store keys of the groups to be matched (AdvisoryIndex), before any advisory. */
  | { kind: 'inventory'; keys: Int32Array }
  | { kind: 'add'; ids: readonly string[]; data: readonly string[] }
  /** Reads the rows of these ids from the SQLite file itself (a connection of its own, read-only). */
  | { kind: 'load'; file: string; ids: readonly string[] }
  | { kind: 'match'; components: SentComponent[][] };
/** Nothing for `add`, the share's verdicts for `match`. */
export type MatchReply = PackedVerdicts | null;

let inventory: Set<number> | undefined;
let index = new AdvisoryIndex();

serveJobs<MatchJob, MatchReply>(
  (job) => {
    if (job.kind === 'inventory') {
      inventory = new Set(job.keys);
      index = new AdvisoryIndex(inventory);
      return null;
    }
    if (job.kind === 'add') {
      addRows(index, job.ids, job.data);
      return null;
    }
    if (job.kind === 'load') {
      loadFromFile(index, job.file, job.ids);
      return null;
    }
    const out = packVerdicts(matchComponents(index, receiveComponents(job.components)));
    index = new AdvisoryIndex(inventory);
    return out;
  },
  (reply) => (reply ? [reply.ints.buffer as ArrayBuffer] : []),
);
