// The inventory: every filter, the sort and the page live on the server (GET /api/assets), so the table
// stays fast at 100,000 devices; the state is in the URL hash so a filtered view can be bookmarked.
import { useEffect, useRef, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { api, qs, type ApiError } from '../api';
import { useApi } from '../hooks';
import { useFormat } from '../i18n';
import { navigate } from '../router';
import { Async, can, useMe } from '../components';

export interface AssetLite {
  id: string;
  name: string | null;
  ips: string[];
  macs: string[];
  hostnames: string[];
  class: string | null;
  kind: string | null;
  vendor: string | null;
  model: string | null;
  os: { name: string | null; version: string | null } | null;
  firmware: { name: string | null; version: string | null } | null;
  site: string | null;
  zone: string | null;
  lastSeen: string;
  services: { transport: string; port: number; service: string | null }[];
}
interface Page { total: number; items: AssetLite[] }
interface Facets { total: number; class: { value: string | null; count: number }[]; zone: { value: string | null; count: number }[]; site: { value: string | null; count: number }[] }

const PAGE = 50;
export const assetLabel = (a: AssetLite) => a.name ?? a.hostnames[0] ?? a.ips[0] ?? a.macs[0] ?? a.id;
const sw = (s: { name: string | null; version: string | null } | null) => (s ? [s.name, s.version].filter(Boolean).join(' ') : '');

export function InventoryPage({ query }: { query: URLSearchParams }) {
  const { t } = useTranslation();
  const f = useFormat();
  const me = useMe();
  const params = {
    q: query.get('q') ?? '',
    class: query.get('class') ?? '',
    zone: query.get('zone') ?? '',
    site: query.get('site') ?? '',
    sort: query.get('sort') ?? 'name',
    order: query.get('order') ?? 'asc',
    offset: Number(query.get('offset') ?? 0) || 0,
  };
  const [search, setSearch] = useState(params.q);
  const go = (patch: Partial<typeof params>) => navigate('/inventory', { ...params, offset: 0, ...patch });
  // Debounced search: one request per pause in typing, not per key.
  const timer = useRef<number | undefined>(undefined);
  useEffect(() => setSearch(params.q), [params.q]);
  const onSearch = (v: string) => {
    setSearch(v);
    window.clearTimeout(timer.current);
    timer.current = window.setTimeout(() => go({ q: v }), 250);
  };
  const apiPath = `/assets${qs({ q: params.q, class: params.class, zone: params.zone, site: params.site, sort: params.sort, order: params.order, limit: PAGE, offset: params.offset })}`;
  const page = useApi<Page>(apiPath);
  const facets = useApi<Facets>('/assets/facets');
  const [importMsg, setImportMsg] = useState<string | null>(null);

  const upload = async (file: File) => {
    setImportMsg(t('inventory.importing'));
    try {
      const r = await api<{ file: string; created: number; updated: number; unchanged: number }>(`/imports${qs({ filename: file.name })}`, {
        method: 'POST',
        raw: { data: await file.arrayBuffer(), type: file.name.endsWith('.xml') ? 'application/xml' : file.name.endsWith('.json') ? 'application/json' : 'text/csv' },
      });
      setImportMsg(t('inventory.imported', r));
      page.reload();
      facets.reload();
    } catch (e) {
      setImportMsg((e as ApiError).message);
    }
  };

  const sortHead = (key: string, label: string) => (
    <th>
      <button className="link" onClick={() => go({ sort: key, order: params.sort === key && params.order === 'asc' ? 'desc' : 'asc' })} data-testid={`sort-${key}`}>
        {label} {params.sort === key ? (params.order === 'asc' ? '▲' : '▼') : ''}
      </button>
    </th>
  );
  const facetSelect = (key: 'class' | 'zone' | 'site', label: string) => (
    <label className="inline">
      {label}
      <select value={params[key]} onChange={(e) => go({ [key]: e.target.value })} data-testid={`filter-${key}`}>
        <option value="">{t('inventory.all')}</option>
        {(facets.data?.[key] ?? []).filter((o) => o.value).map((o) => (
          <option key={o.value} value={o.value!}>
            {key === 'class' ? t(`class.${o.value}`, { defaultValue: o.value! }) : o.value} ({f.num(o.count)})
          </option>
        ))}
      </select>
    </label>
  );

  return (
    <section data-testid="page-inventory">
      <div className="page-head">
        <h1>{t('inventory.title')}</h1>
        <div className="actions">
          <a className="button" href="/api/assets/export?format=csv">{t('inventory.export')}</a>
          {can(me, 'analyst') && !me.user.sites && (
            <label className="button primary">
              {t('inventory.import')}
              <input type="file" accept=".csv,.xml,.json,.txt" hidden data-testid="import-file" onChange={(e) => e.target.files?.[0] && void upload(e.target.files[0])} />
            </label>
          )}
        </div>
      </div>
      {importMsg && <p className="notice" data-testid="import-result">{importMsg}</p>}
      <div className="filters">
        <input type="search" placeholder={t('inventory.search')} value={search} onChange={(e) => onSearch(e.target.value)} data-testid="search" aria-label={t('inventory.search')} />
        {facetSelect('class', t('inventory.class'))}
        {facetSelect('zone', t('inventory.zone'))}
        {facetSelect('site', t('inventory.site'))}
      </div>
      <Async state={page}>
        {(p) => (
          <>
            <p className="muted" data-testid="inventory-total">{t('inventory.total', { n: f.num(p.total) })}</p>
            {p.items.length === 0 ? (
              <p className="muted">{t('inventory.empty')}</p>
            ) : (
              <table className="data" data-testid="inventory-table" data-query={page.loadedPath ?? ''} aria-busy={page.loading}>
                <thead>
                  <tr>
                    {sortHead('name', t('inventory.name'))}
                    {sortHead('ip', t('inventory.ip'))}
                    {sortHead('class', t('inventory.class'))}
                    {sortHead('kind', t('inventory.kind'))}
                    {sortHead('vendor', t('inventory.vendor'))}
                    <th>{t('inventory.os')}</th>
                    {sortHead('zone', t('inventory.zone'))}
                    {sortHead('site', t('inventory.site'))}
                    <th>{t('inventory.services')}</th>
                    {sortHead('lastSeen', t('inventory.lastSeen'))}
                  </tr>
                </thead>
                <tbody>
                  {p.items.map((a) => (
                    <tr key={a.id}>
                      <td><a href={`#/device/${encodeURIComponent(a.id)}`}>{assetLabel(a)}</a></td>
                      <td className="mono">{a.ips.join(', ')}</td>
                      <td>{a.class ? t(`class.${a.class}`, { defaultValue: a.class }) : ''}</td>
                      <td>{a.kind}</td>
                      <td>{[a.vendor, a.model].filter(Boolean).join(' ')}</td>
                      <td>{sw(a.os) || sw(a.firmware)}</td>
                      <td>{a.zone}</td>
                      <td>{a.site}</td>
                      <td className="mono small">{a.services.slice(0, 6).map((s) => `${s.port}${s.transport === 'udp' ? '/u' : ''}`).join(' ')}{a.services.length > 6 ? ' …' : ''}</td>
                      <td className="small">{f.date(a.lastSeen)}</td>
                    </tr>
                  ))}
                </tbody>
              </table>
            )}
            <div className="pager">
              <button disabled={params.offset === 0} onClick={() => go({ offset: Math.max(0, params.offset - PAGE) })}>{t('inventory.prev')}</button>
              <span>{t('inventory.page', { from: f.num(p.total ? params.offset + 1 : 0), to: f.num(Math.min(p.total, params.offset + PAGE)), total: f.num(p.total) })}</span>
              <button disabled={params.offset + PAGE >= p.total} onClick={() => go({ offset: params.offset + PAGE })}>{t('inventory.next')}</button>
            </div>
          </>
        )}
      </Async>
    </section>
  );
}
