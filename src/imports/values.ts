// Cell values as people type them: lists split on ; , | or new lines; classes and kinds in English or Japanese;
// services as "502/tcp modbus; 161/udp snmp".
import type { ServiceInput } from '../core/asset.js';
import type { AssetClass } from '../core/vocabulary.js';

export const splitList = (v: string): string[] => v.split(/[;,|\n\r]+|\s{2,}/).map((x) => x.trim()).filter(Boolean);

const CLASS_WORDS: Record<string, AssetClass> = {
  it: 'it', ot: 'ot', iot: 'iot', miner: 'miner', mining: 'miner', rig: 'miner', ics: 'ot', scada: 'ot',
  '情報系': 'it', '情報': 'it', '制御系': 'ot', '制御': 'ot', 'マイニング': 'miner', 'マイナー': 'miner',
};

export function parseClass(v: string): AssetClass | null {
  return CLASS_WORDS[v.normalize('NFKC').trim().toLowerCase()] ?? null;
}

const KIND_WORDS: Record<string, string> = {
  'pc': 'workstation', 'パソコン': 'workstation', '端末': 'workstation', 'クライアント': 'workstation', 'desktop': 'workstation',
  'サーバ': 'server', 'サーバー': 'server', 'カメラ': 'camera', 'ネットワークカメラ': 'camera', 'ipカメラ': 'camera',
  'ルータ': 'router', 'ルーター': 'router', 'スイッチ': 'switch', 'l2スイッチ': 'switch', 'l3スイッチ': 'switch',
  'プリンタ': 'printer', 'プリンター': 'printer', '複合機': 'printer', 'サイネージ': 'signage', 'デジタルサイネージ': 'signage',
  'ファイアウォール': 'firewall', 'エンジニアリングws': 'engineering-workstation', 'ews': 'engineering-workstation',
  'engineering workstation': 'engineering-workstation', 'マイニングリグ': 'rig', 'mining rig': 'rig', 'ups': 'ups',
  'ヒストリアン': 'historian', 'タッチパネル': 'hmi', '表示器': 'hmi', 'シーケンサ': 'plc', 'シーケンサー': 'plc',
  // Words plant registers use that the lists above missed (found by the mini-plant end-to-end test).
  'ワークステーション': 'workstation', 'デスクトップ': 'workstation', 'ノートpc': 'workstation', 'ノートパソコン': 'workstation',
  'ファイルサーバ': 'server', 'ファイルサーバー': 'server', 'マイニング機': 'rig', 'マイニングマシン': 'rig', '採掘機': 'rig',
  'アクセスポイント': 'access-point', '無線アクセスポイント': 'access-point', 'ゲートウェイ': 'gateway',
};

export function parseKind(v: string): string {
  const k = v.normalize('NFKC').trim().toLowerCase();
  return KIND_WORDS[k] ?? k.replace(/\s+/g, '-');
}

const CRIT_WORDS: Record<string, number> = { '低': 2, '中': 3, '高': 4, '最高': 5, low: 2, medium: 3, high: 4, critical: 5 };

export function parseCriticality(v: string): number | null {
  const t = v.normalize('NFKC').trim().toLowerCase();
  if (/^[1-5]$/.test(t)) return Number(t);
  return CRIT_WORDS[t] ?? null;
}

/** "502/tcp modbus", "tcp/80 http", "161/udp", "443" → services; null when a token is not a port. */
export function parseServices(v: string): ServiceInput[] | null {
  const out: ServiceInput[] = [];
  for (const token of v.split(/[;,|\n]+/).map((x) => x.trim()).filter(Boolean)) {
    const m = /^(?:(tcp|udp)\/)?(\d{1,5})(?:\/(tcp|udp))?(?:\s+(.+))?$/i.exec(token);
    if (!m) return null;
    const port = Number(m[2]);
    if (port > 65535) return null;
    const transport = (m[1] ?? m[3] ?? 'tcp').toLowerCase() as 'tcp' | 'udp';
    out.push({ transport, port, ...(m[4] ? { service: m[4].trim().toLowerCase() } : {}) });
  }
  return out;
}
