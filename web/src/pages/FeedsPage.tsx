// Feeds: which advisory sources are loaded and when.
import { useTranslation } from 'react-i18next';
import { useApi } from '../hooks';
import { useFormat } from '../i18n';
import { Async } from '../components';

interface Feed { source?: string; id?: string; format?: string; documents?: number; count?: number; loadedAt?: string | null; fetchedAt?: string | null }

export function FeedsPage() {
  const { t } = useTranslation();
  const f = useFormat();
  const state = useApi<Feed[] | { items: Feed[] }>('/feeds');
  return (
    <section data-testid="page-feeds">
      <h1>{t('feeds.title')}</h1>
      <Async state={state}>
        {(raw) => {
          const items = Array.isArray(raw) ? raw : raw.items;
          if (items.length === 0) return <p className="muted">{t('feeds.none')}</p>;
          return (
            <table className="data">
              <thead><tr><th>{t('feeds.source')}</th><th>{t('feeds.format')}</th><th>{t('feeds.count')}</th><th>{t('feeds.loaded')}</th></tr></thead>
              <tbody>
                {items.map((x, i) => (
                  <tr key={`${x.source ?? x.id}-${i}`}><td>{x.source ?? x.id}</td><td>{x.format}</td><td>{f.num(x.documents ?? x.count ?? 0)}</td><td>{f.dateTime(x.loadedAt ?? x.fetchedAt)}</td></tr>
                ))}
              </tbody>
            </table>
          );
        }}
      </Async>
    </section>
  );
}
