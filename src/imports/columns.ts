// Forgiving header matching for real spreadsheets: case, spaces, underscores, hyphens and full-width forms
// are ignored, and English and Japanese synonyms name the same column. Unknown columns become attributes.
export const COLUMN_SYNONYMS = {
  externalId: ['asset_id', 'asset_tag', 'asset_key', 'external_id', 'import_key', 'key', 'cmdb_id', '資産番号', '管理番号', '資産id', '資産ID'],
  name: ['name', 'device_name', 'asset_name', 'display_name', '名前', '名称', '機器名', '装置名', '資産名'],
  hostnames: ['hostname', 'host', 'host_name', 'hostnames', 'fqdn', 'dns_name', 'computer_name', 'ホスト名', 'コンピュータ名', 'コンピューター名'],
  ips: ['ip', 'ip_address', 'ips', 'ip_addresses', 'ipv4', 'address', 'ipアドレス', 'アドレス'],
  macs: ['mac', 'mac_address', 'macs', 'macアドレス', '物理アドレス'],
  class: ['class', 'category', 'asset_class', 'domain', '分類', '区分'],
  kind: ['kind', 'type', 'device_type', 'asset_type', 'role', '種別', '種類', '機器種別'],
  vendor: ['vendor', 'manufacturer', 'maker', 'make', 'メーカー', 'ベンダー', '製造元', '製造者'],
  model: ['model', 'product', 'model_name', 'model_number', '機種', '型式', '型番', 'モデル'],
  serial: ['serial', 'serial_number', 'serial_no', 'sn', 'シリアル', 'シリアル番号', '製造番号'],
  osName: ['os', 'operating_system', 'os_name', 'オペレーティングシステム'],
  osVersion: ['os_version', 'osversion', 'osバージョン'],
  firmwareName: ['firmware_name'],
  firmwareVersion: ['firmware', 'firmware_version', 'fw', 'fw_version', 'ファームウェア', 'ファームウェアバージョン', 'ファーム', 'バージョン', 'version'],
  cpes: ['cpe', 'cpes', 'cpe23', 'cpe_2.3'],
  site: ['site', 'location', 'plant', 'factory', '拠点', '工場', 'サイト', '設置場所'],
  zone: ['zone', 'network_zone', 'segment', 'vlan_zone', 'ゾーン', 'セグメント'],
  owner: ['owner', 'owner_team', 'team', 'responsible', '担当', '担当部署', '管理者', '管理部署', 'オーナー'],
  criticality: ['criticality', 'importance', 'priority', '重要度', '重要性'],
  tags: ['tags', 'labels', 'タグ'],
  notes: ['notes', 'note', 'comment', 'comments', 'remarks', 'description', '備考', 'メモ', 'コメント'],
  services: ['services', 'ports', 'open_ports', 'サービス', 'ポート'],
} as const;

export type ColumnField = keyof typeof COLUMN_SYNONYMS;

/** Canonical form of a header: NFKC (full-width → ASCII), lower case, no spaces, underscores or hyphens. */
export const canonicalHeader = (h: string): string => h.normalize('NFKC').toLowerCase().replace(/[\s_\-・.()（）]/g, '');

const LOOKUP = new Map<string, ColumnField>();
for (const [field, names] of Object.entries(COLUMN_SYNONYMS) as [ColumnField, readonly string[]][]) {
  for (const n of names) LOOKUP.set(canonicalHeader(n), field);
}

export function matchColumn(header: string): ColumnField | null {
  return LOOKUP.get(canonicalHeader(header)) ?? null;
}

/** The documented template (docs/inventory.md): the headers `mamori assets export --format csv` writes. */
export const TEMPLATE_HEADERS = [
  'asset_id', 'name', 'hostname', 'ip', 'mac', 'class', 'kind', 'vendor', 'model', 'serial', 'os', 'os_version',
  'firmware_name', 'firmware_version', 'cpe', 'site', 'zone', 'owner', 'criticality', 'tags', 'services', 'notes',
] as const;
