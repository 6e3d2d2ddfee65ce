// Worker thread of a parallel full match (stored-match.ts): compiles its share of the stored advisories as
// pages arrive, then matches every asset group against that share.
import SQLite from 'better-sqlite3';
import { serveJobs } from '../../core/workers.js';
import { eachAdvisoryData } from '../../db/repos/advisories.repo.js';
import { addStored } from '../formats/stored.js';
import { AdvisoryIndex } from './matcher.js';
import { addRows, matchComponents, packVerdicts, receiveComponents, type PackedVerdicts, type SentComponent } from './stored-match.js';

export type MatchJob =
  | { kind: 'add'; ids: readonly string[]; data: readonly string[] }
  /** Reads the rows of these ids from the SQLite file itself (a connection of its own, read-only). */
  | { kind: 'load'; file: string; ids: readonly string[] }
  | { kind: 'match'; components: SentComponent[][] };
/** Nothing for `add`, the share's verdicts for `match`. */
export type MatchReply = PackedVerdicts | null;

let index = new AdvisoryIndex();

serveJobs<MatchJob, MatchReply>(
  (job) => {
    if (job.kind === 'add') {
      addRows(index, job.ids, job.data);
      return null;
    }
    if (job.kind === 'load') {
      const db = new SQLite(job.file, { readonly: true, fileMustExist: true });
      try {
        db.pragma('cache_size = -32768');
        eachAdvisoryData(db, job.ids, (id, data) => addStored(index, id, data));
      } finally {
        db.close();
      }
      return null;
    }
    const out = packVerdicts(matchComponents(index, receiveComponents(job.components)));
    index = new AdvisoryIndex();
    return out;
  },
  (reply) => (reply ? [reply.ints.buffer as ArrayBuffer] : []),
);
