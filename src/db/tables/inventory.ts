// Row types of the inventory tables (migration 0001). JSON columns are TEXT in both dialects;
// timestamps are ISO-8601 UTC strings, which sort correctly as text.
import type { Generated } from 'kysely';

export interface AssetsTable {
  id: string;
  name: string | null;
  class: string | null;
  kind: string | null;
  vendor: string | null;
  model: string | null;
  serial: string | null;
  os_name: string | null;
  os_version: string | null;
  fw_name: string | null;
  fw_version: string | null;
  site: string | null;
  zone: string | null;
  owner: string | null;
  criticality: number | null;
  notes: string | null;
  external_id: string | null;
  ips: string;
  macs: string;
  hostnames: string;
  cpes: string;
  tags: string;
  attributes: string;
  provenance: string;
  /** Lower-cased text of the searchable fields, for the inventory search box. */
  search: string;
  /** Lower-cased display name, cut to 64 characters: the default listing order. */
  sort_name: string;
  first_seen: string;
  last_seen: string;
  updated_at: string;
}

/** Identity index used by the merge rules: (kind, value) → asset. Kinds: mac, ip, hostname, serial, key. */
export interface AssetIdentifiersTable {
  kind: string;
  value: string;
  asset_id: string;
}

export interface ServicesTable {
  asset_id: string;
  transport: string;
  port: number;
  service: string | null;
  product: string | null;
  version: string | null;
  banner: string | null;
  extra: string;
  source: string;
  first_seen: string;
  last_seen: string;
}

export interface ObservationsTable {
  id: Generated<number>;
  asset_id: string;
  at: string;
  source: string;
  kind: string;
  data: string;
}

export interface AssetHistoryTable {
  id: Generated<number>;
  asset_id: string;
  at: string;
  source: string;
  change: string;
  field: string | null;
  before: string | null;
  after: string | null;
}

export interface SitesTable {
  name: string;
  description: string | null;
}

export interface ZonesTable {
  name: string;
  kind: string;
  purdue_level: number | null;
  site: string | null;
  cidrs: string;
  description: string | null;
}

export interface InventoryTables {
  assets: AssetsTable;
  asset_identifiers: AssetIdentifiersTable;
  services: ServicesTable;
  observations: ObservationsTable;
  asset_history: AssetHistoryTable;
  sites: SitesTable;
  zones: ZonesTable;
}
