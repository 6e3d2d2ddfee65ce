// Worker thread reading advisory rows (id, data) from a SQLite store file for a full match (AdvisoryRowReader):
// the reads run here, one page after another, while the matching thread compiles the pages already read.
import SQLite from 'better-sqlite3';
import { serveJobs } from '../../core/workers.js';
import { eachAdvisoryData } from './advisories.repo.js';

export interface RowsJob {
  file: string;
  ids: readonly string[];
}
export interface RowsPage {
  ids: string[];
  data: string[];
}

let db: SQLite.Database | null = null;
let opened = '';

serveJobs<RowsJob, RowsPage>((job) => {
  if (!db || opened !== job.file) {
    db?.close();
    db = new SQLite(job.file, { readonly: true, fileMustExist: true });
    // Not mapped (mmap_size): reads were no faster for the match (they overlap its compiling), and every page
    // touched would count in the process's memory (RSS 1,060 MB against 570 MB).
    db.pragma('cache_size = -8192');
    opened = job.file;
  }
  const page: RowsPage = { ids: [], data: [] };
  eachAdvisoryData(db, job.ids, (id, data) => (page.ids.push(id), page.data.push(data)));
  return page;
});
