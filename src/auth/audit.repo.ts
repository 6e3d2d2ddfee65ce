// The audit log: one row per mutating API request (and per CLI user/token change), newest first on read.
import type { Kysely, Selectable } from 'kysely';
import type { Database } from '../db/schema.js';
import type { AuditLogTable } from '../db/tables/auth.js';

export type AuditRow = Selectable<AuditLogTable>;
export type AuditEntry = Omit<AuditRow, 'id'>;

export interface AuditQuery {
  limit: number;
  offset: number;
  actor?: string;
  since?: string;
}

export class AuditRepo {
  constructor(private readonly db: Kysely<Database>) {}

  async append(e: AuditEntry): Promise<void> {
    await this.db.insertInto('audit_log').values(e).execute();
  }

  async list(q: AuditQuery): Promise<{ total: number; items: AuditRow[] }> {
    let base = this.db.selectFrom('audit_log');
    if (q.actor) base = base.where('actor', '=', q.actor);
    if (q.since) base = base.where('at', '>=', q.since);
    const total = await base.select((eb) => eb.fn.countAll<string | number>().as('n')).executeTakeFirstOrThrow();
    const items = await base.selectAll().orderBy('id', 'desc').limit(q.limit).offset(q.offset).execute();
    return { total: Number(total.n), items };
  }
}
