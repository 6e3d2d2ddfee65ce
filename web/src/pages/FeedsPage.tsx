// Feeds: which advisory formats are loaded, the KEV catalog, and the latest imports.
import { useTranslation } from 'react-i18next';
import { useApi } from '../hooks';
import { useFormat } from '../i18n';
import { Async } from '../components';

interface Feeds {
  formats: { format: string; advisories: number; last_fetched: string | null }[];
  kev: { entries: number; catalog_version: string | null };
  imports: { at: string; origin: string; formats: string; advisories_new: number; advisories_updated: number; advisories_unchanged: number; kev_entries: number; matches_changed: number }[];
}

export function FeedsPage() {
  const { t } = useTranslation();
  const f = useFormat();
  const state = useApi<Feeds>('/advisories');
  return (
    <section data-testid="page-feeds">
      <h1>{t('feeds.title')}</h1>
      <Async state={state}>
        {(d) => (
          <>
            {d.formats.length === 0 && d.kev.entries === 0 ? (
              <p className="muted">{t('feeds.none')}</p>
            ) : (
              <div className="card">
                <table className="data">
                  <thead><tr><th>{t('feeds.format')}</th><th>{t('feeds.count')}</th><th>{t('feeds.loaded')}</th></tr></thead>
                  <tbody>
                    {d.formats.map((x) => <tr key={x.format}><td>{x.format}</td><td>{f.num(x.advisories)}</td><td>{f.dateTime(x.last_fetched)}</td></tr>)}
                    <tr><td>CISA KEV {d.kev.catalog_version ? `(${d.kev.catalog_version})` : ''}</td><td>{f.num(d.kev.entries)}</td><td /></tr>
                  </tbody>
                </table>
              </div>
            )}
            {d.imports.length > 0 && (
              <div className="card">
                <h2>{t('feeds.imports')}</h2>
                <table className="data small">
                  <thead><tr><th>{t('settings.when')}</th><th>{t('feeds.source')}</th><th>{t('feeds.format')}</th><th>{t('feeds.changes')}</th></tr></thead>
                  <tbody>
                    {d.imports.map((i) => (
                      <tr key={`${i.at}-${i.origin}`}><td>{f.dateTime(i.at)}</td><td className="mono">{i.origin}</td><td>{i.formats}</td><td>+{f.num(i.advisories_new)} / ~{f.num(i.advisories_updated)} / ={f.num(i.advisories_unchanged)} · KEV {f.num(i.kev_entries)} · {t('feeds.matchesChanged', { n: f.num(i.matches_changed) })}</td></tr>
                    ))}
                  </tbody>
                </table>
              </div>
            )}
          </>
        )}
      </Async>
    </section>
  );
}
