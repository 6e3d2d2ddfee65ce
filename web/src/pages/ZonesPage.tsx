// Zones and sites: the network segmentation (Purdue levels) with the number of devices in each.
import { useTranslation } from 'react-i18next';
import { useApi } from '../hooks';
import { useFormat } from '../i18n';
import { Async } from '../components';

interface Zone { name: string; kind: string; purdueLevel: number | null; site: string | null; cidrs: string[]; description: string | null }
interface Site { name: string; description: string | null }
interface Facets { zone: { value: string | null; count: number }[]; site: { value: string | null; count: number }[] }

export function ZonesPage() {
  const { t } = useTranslation();
  const f = useFormat();
  const zones = useApi<Zone[]>('/zones');
  const sites = useApi<Site[]>('/sites');
  const facets = useApi<Facets>('/assets/facets');
  const count = (kind: 'zone' | 'site', name: string) => facets.data?.[kind].find((x) => x.value === name)?.count ?? 0;
  return (
    <section data-testid="page-zones">
      <h1>{t('zones.title')}</h1>
      <div className="card">
        <Async state={zones}>
          {(zs) => (
            <table className="data">
              <thead><tr><th>{t('zones.zone')}</th><th>{t('zones.kind')}</th><th>{t('zones.purdue')}</th><th>{t('zones.site')}</th><th>{t('zones.cidrs')}</th><th>{t('zones.devices')}</th><th>{t('zones.description')}</th></tr></thead>
              <tbody>
                {[...zs].sort((a, b) => (b.purdueLevel ?? -1) - (a.purdueLevel ?? -1)).map((z) => (
                  <tr key={z.name} className={`zone-${z.kind.toLowerCase()}`}>
                    <td><a href={`#/inventory?zone=${encodeURIComponent(z.name)}`}>{z.name}</a></td><td>{z.kind}</td><td>{z.purdueLevel ?? '—'}</td><td>{z.site}</td><td className="mono small">{z.cidrs.join(' ')}</td><td>{f.num(count('zone', z.name))}</td><td>{z.description}</td>
                  </tr>
                ))}
              </tbody>
            </table>
          )}
        </Async>
      </div>
      <div className="card">
        <Async state={sites}>
          {(ss) => (
            <table className="data">
              <thead><tr><th>{t('zones.site')}</th><th>{t('zones.devices')}</th><th>{t('zones.description')}</th></tr></thead>
              <tbody>
                {ss.map((s) => <tr key={s.name}><td><a href={`#/inventory?site=${encodeURIComponent(s.name)}`}>{s.name}</a></td><td>{f.num(count('site', s.name))}</td><td>{s.description}</td></tr>)}
              </tbody>
            </table>
          )}
        </Async>
      </div>
    </section>
  );
}
