// Large first imports (inventory bulk loads, whole NVD feeds) run outside WAL: in WAL mode every page of a big
// transaction is written twice (to the WAL, then checkpointed into the database file); a rollback journal only
// saves pages that existed before the transaction changed them (appended pages need none), and a failed import
// still rolls back whole. A crash leaves a hot journal that SQLite rolls back on the next open, which sets WAL
// again (open.ts).
import type { Database } from 'better-sqlite3';

/**
 * Leaves WAL for the rollback journal; must run outside a transaction. Returns what restores WAL, or nothing
 * when the mode was not changed: not in WAL, or another connection has the database open (the import then
 * simply stays in WAL — never worth waiting for).
 */
export function bulkJournal(raw: Database): (() => void) | undefined {
  const timeout = Number(raw.pragma('busy_timeout', { simple: true }));
  try {
    if (String(raw.pragma('journal_mode', { simple: true })) !== 'wal') return undefined;
    raw.pragma('busy_timeout = 0');
    if (String(raw.pragma('journal_mode = DELETE', { simple: true })) === 'wal') return undefined;
  } catch {
    return undefined; // busy: another connection holds the database
  } finally {
    raw.pragma(`busy_timeout = ${timeout}`);
  }
  return () => {
    try {
      raw.pragma('journal_mode = WAL');
    } catch {
      // Left in rollback-journal mode: still correct; the next open sets WAL again.
    }
  };
}
