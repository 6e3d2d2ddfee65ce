// Report wording in Japanese and English, and locale-aware number/date formatting. Renderers take
// every visible word from here, so both languages always carry the same content.
import type { Severity } from '../core/vocabulary.js';
import type { ReportLang } from './model.js';

const en = {
  confidential: 'Confidential — for management',
  scope: 'Scope',
  allSites: 'all sites',
  generated: 'Generated',
  headline: 'Headline exposure',
  devices: 'Devices',
  exposedDevices: 'Devices with serious issues',
  openFindings: 'Open issues',
  kevDevices: 'Devices hit by actively exploited flaws (KEV)',
  overdue: 'Overdue actions',
  notAssessed: 'not assessed',
  trend: 'Trend (last 8 weeks)',
  trendOpen: 'Open issues',
  trendAssets: 'Known devices',
  topRisks: 'Top risks in plain language',
  noRisks: 'No open issues were found in the assessed devices.',
  riskLine: (sev: string, n: number, title: string) => `${sev}: ${title} — on ${n} device${n === 1 ? '' : 's'}.`,
  fix: 'What to do',
  examples: 'e.g.',
  itOt: 'IT vs OT',
  segment: 'Segment',
  critical: 'Critical',
  high: 'High',
  advisories: 'Advisories and campaigns that affect us',
  noAdvisories: 'No imported advisory affects the devices in scope.',
  advisoriesNotAssessed: 'Advisories have not been matched against the inventory yet.',
  affectedDevices: 'affected devices',
  campaignLine: (title: string, c: { infected: number; exploitable: number; exposed: number }) =>
    `${title}: ${[c.infected ? `${c.infected} infected` : '', c.exploitable ? `${c.exploitable} exploitable` : '', c.exposed ? `${c.exposed} exposed on the attack path` : ''].filter(Boolean).join(', ')}`,
  campaign: 'Campaign',
  actions: 'Actions with owners and due dates',
  action: 'Action',
  owner: 'Owner',
  due: 'Due',
  unassigned: 'unassigned',
  noDue: '—',
  noActions: 'No open actions.',
  coverage: 'What was not assessed',
  byClass: 'Devices by type',
  bySeverity: 'Open issues by severity',
  kev: 'KEV',
  severity: { critical: 'Critical', high: 'High', medium: 'Medium', low: 'Low', info: 'Info' } as Record<Severity, string>,
  segments: { it: 'IT', ot: 'OT', iot: 'IoT', miner: 'Miners', unknown: 'Unclassified' } as Record<string, string>,
  unknown: 'unknown',
};

const ja: typeof en = {
  confidential: '社外秘 — 経営層向け',
  scope: '対象範囲',
  allSites: '全拠点',
  generated: '作成日時',
  headline: '露出状況の要約',
  devices: '機器数',
  exposedDevices: '重大な問題のある機器',
  openFindings: '未対応の問題',
  kevDevices: '悪用が確認された脆弱性（KEV）の影響機器',
  overdue: '期限超過の対応',
  notAssessed: '未評価',
  trend: '推移（過去8週間）',
  trendOpen: '未対応の問題',
  trendAssets: '把握している機器',
  topRisks: '主なリスク',
  noRisks: '評価済みの機器に未対応の問題は見つかりませんでした。',
  riskLine: (sev: string, n: number, title: string) => `【${sev}】${title}（${n} 台）`,
  fix: '対策',
  examples: '例',
  itOt: 'IT と OT の比較',
  segment: '区分',
  critical: '緊急',
  high: '重要',
  advisories: '当社に影響するアドバイザリとキャンペーン',
  noAdvisories: '取り込まれたアドバイザリのうち、対象の機器に影響するものはありません。',
  advisoriesNotAssessed: 'アドバイザリと資産台帳の照合はまだ行われていません。',
  affectedDevices: '台が影響',
  campaignLine: (title: string, c: { infected: number; exploitable: number; exposed: number }) =>
    `${title}：${[c.infected ? `感染 ${c.infected} 台` : '', c.exploitable ? `悪用可能 ${c.exploitable} 台` : '', c.exposed ? `攻撃経路上に露出 ${c.exposed} 台` : ''].filter(Boolean).join('、')}`,
  campaign: 'キャンペーン',
  actions: '対応アクション（担当と期限）',
  action: '対応内容',
  owner: '担当',
  due: '期限',
  unassigned: '未割当',
  noDue: '—',
  noActions: '未対応のアクションはありません。',
  coverage: '評価できていない範囲',
  byClass: '種別ごとの機器数',
  bySeverity: '深刻度別の未対応の問題',
  kev: 'KEV',
  severity: { critical: '緊急', high: '重要', medium: '警告', low: '注意', info: '情報' },
  segments: { it: 'IT', ot: 'OT（制御系）', iot: 'IoT', miner: 'マイニング機器', unknown: '未分類' },
  unknown: '不明',
};

export type ReportStrings = typeof en;
export const reportStrings = (lang: ReportLang): ReportStrings => (lang === 'ja' ? ja : en);

const LOCALE: Record<ReportLang, string> = { ja: 'ja-JP', en: 'en-GB' };

export function formatters(lang: ReportLang, timeZone = 'UTC') {
  const num = new Intl.NumberFormat(LOCALE[lang]);
  const date = new Intl.DateTimeFormat(LOCALE[lang], { year: 'numeric', month: 'short', day: 'numeric', timeZone });
  const dateTime = new Intl.DateTimeFormat(LOCALE[lang], { year: 'numeric', month: 'short', day: 'numeric', hour: '2-digit', minute: '2-digit', timeZone, timeZoneName: 'short' });
  const short = new Intl.DateTimeFormat(LOCALE[lang], { month: 'numeric', day: 'numeric', timeZone });
  return {
    num: (n: number) => num.format(n),
    date: (iso: string) => date.format(new Date(iso)),
    dateTime: (iso: string) => dateTime.format(new Date(iso)),
    short: (iso: string) => short.format(new Date(iso)),
  };
}
