// Every migration, in order. Names sort; add one line per new migration file.
import type { MamoriMigration } from '../migrate.js';
import { inventory0001 } from './0001-inventory.js';
import { auth0005 } from './0005-auth.js';
import { findings0004 } from './0004-findings.js';

export const migrations: Record<string, MamoriMigration> = {
  '0001-inventory': inventory0001,
  '0004-findings': findings0004,
  '0005-auth': auth0005,
};
