// Every migration, in order. Names sort; add one line per new migration file.
import type { MamoriMigration } from '../migrate.js';
import { inventory0001 } from './0001-inventory.js';

export const migrations: Record<string, MamoriMigration> = {
  '0001-inventory': inventory0001,
};
