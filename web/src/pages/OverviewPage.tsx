// Where we stand: the same model as the executive report (GET /api/overview), limited to the user's sites.
import { useTranslation } from 'react-i18next';
import { useApi } from '../hooks';
import { qs } from '../api';
import { currentLang, useFormat } from '../i18n';
import { Async, Bars, CLASS_COLOR, Kpi, SEV_COLOR, Severity, Trend } from '../components';

interface CountBy { key: string | null; count: number }
interface Model {
  headline: { assets: number; exposedAssets: number | null; openFindings: number | null; bySeverity: Record<string, number> | null; kevAssets: number | null; overdueActions: number | null };
  assetsByClass: CountBy[];
  assetsByZone: CountBy[];
  assetsBySite: CountBy[];
  trend: { weekEnd: string; openFindings: number; assets: number }[];
  topRisks: { checkId: string; title: string; severity: string; assets: number; examples: string[]; remediation: string | null; kev: boolean }[];
  coverage: string[];
  advisories: { id: string; title: string; kev: boolean; affectedAssets: number }[] | null;
  campaigns: { id: string; title: string; infected: number; exploitable: number; exposed: number }[];
}

export function OverviewPage() {
  const { t, i18n } = useTranslation();
  const f = useFormat();
  const lang = i18n.language === 'ja' ? 'ja' : 'en';
  const state = useApi<Model>(`/overview${qs({ lang })}`);
  const maybe = (n: number | null) => (n === null ? <span className="muted small">{t('overview.notAssessed')}</span> : f.num(n));
  const tz = Intl.DateTimeFormat().resolvedOptions().timeZone;
  const reportUrl = (format: 'html' | 'pdf') => `/api/reports/executive${qs({ lang: currentLang(), format, tz })}`;
  return (
    <section data-testid="page-overview">
      <div className="page-head">
        <h1>{t('overview.title')}</h1>
        <div className="actions">
          <a className="button" href={reportUrl('html')} target="_blank" rel="noopener" data-testid="report-html">{t('overview.reportHtml')}</a>
          <a className="button primary" href={reportUrl('pdf')} data-testid="report-pdf">{t('overview.reportPdf')}</a>
        </div>
      </div>
      <Async state={state}>
        {(m) => (
          <>
            <div className="kpis">
              <Kpi label={t('overview.devices')} value={f.num(m.headline.assets)} />
              <Kpi label={t('overview.exposed')} value={maybe(m.headline.exposedAssets)} tone={m.headline.exposedAssets ? 'bad' : undefined} />
              <Kpi label={t('overview.open')} value={maybe(m.headline.openFindings)} />
              <Kpi label={t('overview.kev')} value={maybe(m.headline.kevAssets)} tone={m.headline.kevAssets ? 'bad' : undefined} />
              <Kpi label={t('overview.overdue')} value={maybe(m.headline.overdueActions)} tone={m.headline.overdueActions ? 'warn' : undefined} />
            </div>
            <div className="grid2">
              <div className="card">
                <h2>{t('overview.byClass')}</h2>
                <Bars format={f.num} items={m.assetsByClass.map((c) => ({ label: t(`class.${c.key ?? 'unknown'}`, { defaultValue: c.key ?? '' }), value: c.count, color: CLASS_COLOR[c.key ?? ''] ?? '#adb5bd', href: c.key ? `#/inventory?class=${encodeURIComponent(c.key)}` : undefined }))} />
              </div>
              <div className="card">
                <h2>{t('overview.bySeverity')}</h2>
                {m.headline.bySeverity ? (
                  <Bars format={f.num} items={['critical', 'high', 'medium', 'low', 'info'].map((s) => ({ label: t(`severity.${s}`), value: m.headline.bySeverity![s] ?? 0, color: SEV_COLOR[s], href: `#/findings?severity=${s}` }))} />
                ) : (
                  <p className="muted">{t('overview.notAssessed')}</p>
                )}
              </div>
              <div className="card">
                <h2>{t('overview.byZone')}</h2>
                <Bars format={f.num} items={m.assetsByZone.map((c) => ({ label: c.key ?? '—', value: c.count, href: c.key ? `#/inventory?zone=${encodeURIComponent(c.key)}` : undefined }))} />
              </div>
              <div className="card">
                <h2>{t('overview.bySite')}</h2>
                <Bars format={f.num} items={m.assetsBySite.map((c) => ({ label: c.key ?? '—', value: c.count, color: '#495057', href: c.key ? `#/inventory?site=${encodeURIComponent(c.key)}` : undefined }))} />
              </div>
            </div>
            <div className="card">
              <h2>{t('overview.trend')}</h2>
              <Trend
                labels={m.trend.map((p) => f.monthDay(p.weekEnd))}
                series={[
                  ...(m.headline.openFindings === null ? [] : [{ label: t('overview.trendOpen'), color: '#d9480f', values: m.trend.map((p) => p.openFindings) }]),
                  { label: t('overview.trendAssets'), color: '#1c7ed6', values: m.trend.map((p) => p.assets) },
                ]}
              />
            </div>
            <div className="card">
              <h2>{t('overview.topRisks')}</h2>
              {m.topRisks.length === 0 ? (
                <p className="muted">{m.headline.openFindings === null ? t('overview.notAssessed') : t('overview.noRisks')}</p>
              ) : (
                <ol className="risks" data-testid="top-risks">
                  {m.topRisks.map((r) => (
                    <li key={r.checkId}>
                      <Severity value={r.severity} /> {r.kev && <span className="tag">KEV</span>} <b>{r.title}</b> — {t('overview.onDevices', { count: r.assets })}
                      {r.remediation && <div className="small">{r.remediation}</div>}
                      <div className="muted small">{r.examples.join(', ')}</div>
                    </li>
                  ))}
                </ol>
              )}
            </div>
            <div className="card" data-testid="threats">
              <h2>{t('overview.threats')}</h2>
              {m.campaigns.length === 0 && (m.advisories === null || m.advisories.length === 0) ? (
                <p className="muted">{m.advisories === null ? t('overview.notAssessed') : t('overview.noThreats')}</p>
              ) : (
                <ul>
                  {m.campaigns.map((c) => (
                    <li key={c.id}>
                      <a href={`#/affected?id=${encodeURIComponent(c.id)}`}><b>{c.title}</b></a> —{' '}
                      {[c.infected && t('overview.infected', { n: f.num(c.infected) }), c.exploitable && t('overview.exploitable', { n: f.num(c.exploitable) }), c.exposed && t('overview.exposedPath', { n: f.num(c.exposed) })].filter(Boolean).join(' · ')}
                    </li>
                  ))}
                  {(m.advisories ?? []).slice(0, 10).map((a) => (
                    <li key={a.id}>
                      {a.kev && <span className="tag">KEV</span>} <a href={`#/affected?id=${encodeURIComponent(a.id)}`}>{a.id}</a> {a.title} — {t('overview.onDevices', { count: a.affectedAssets })}
                    </li>
                  ))}
                </ul>
              )}
            </div>
            {m.coverage.length > 0 && (
              <div className="card">
                <h2>{t('overview.coverage')}</h2>
                <ul>{m.coverage.map((c) => <li key={c}>{c}</li>)}</ul>
              </div>
            )}
          </>
        )}
      </Async>
    </section>
  );
}
