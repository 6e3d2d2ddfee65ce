// One device: identity, services, its findings and matched advisories (when those parts are installed),
// and the history of changes.
import { useTranslation } from 'react-i18next';
import { ApiError, qs } from '../api';
import { useApi } from '../hooks';
import { useFormat } from '../i18n';
import { Async, ErrorBox, Loading, Severity } from '../components';
import { assetLabel, type AssetLite } from './InventoryPage';

interface Detail extends AssetLite {
  serial: string | null;
  owner: string | null;
  criticality: number | null;
  cpes: string[];
  tags: string[];
  notes: string | null;
  firstSeen: string;
  services: { transport: string; port: number; service: string | null; product: string | null; version: string | null; lastSeen: string }[];
  history: { id: number; at: string; source: string; change: string; field: string | null; before: unknown; after: unknown }[];
}
interface FindingLite { id: string; title: string; severity: string; status: string; verdict: string; summary: string; assignee: string | null; team: string | null; dueAt: string | null }

const show = (v: unknown) => (v === null || v === undefined ? '' : typeof v === 'string' ? v : JSON.stringify(v));

export function DevicePage({ refId }: { refId: string }) {
  const { t } = useTranslation();
  const f = useFormat();
  const state = useApi<Detail>(`/assets/${encodeURIComponent(refId)}`);
  return (
    <section data-testid="page-device">
      <p><a href="#/inventory">← {t('device.back')}</a></p>
      {state.error instanceof ApiError && state.error.status === 404 && !state.error.missingRoute ? (
        <p className="notice">{t('device.notFound')}</p>
      ) : (
        <Async state={state}>
          {(a) => (
            <>
              <h1 data-testid="device-name">{assetLabel(a)}</h1>
              <div className="grid2">
                <div className="card">
                  <h2>{t('device.identity')}</h2>
                  <dl className="kv">
                    <dt>{t('inventory.class')}</dt><dd>{a.class ? t(`class.${a.class}`, { defaultValue: a.class }) : '—'} {a.kind ? `· ${a.kind}` : ''}</dd>
                    <dt>{t('inventory.vendor')}</dt><dd>{[a.vendor, a.model].filter(Boolean).join(' ') || '—'}</dd>
                    <dt>{t('inventory.os')}</dt><dd>{[a.os?.name, a.os?.version, a.firmware?.name, a.firmware?.version].filter(Boolean).join(' ') || '—'}</dd>
                    <dt>IP</dt><dd className="mono">{a.ips.join(', ') || '—'}</dd>
                    <dt>MAC</dt><dd className="mono">{a.macs.join(', ') || '—'}</dd>
                    <dt>DNS</dt><dd>{a.hostnames.join(', ') || '—'}</dd>
                    <dt>{t('inventory.site')} / {t('inventory.zone')}</dt><dd>{a.site ?? '—'} / {a.zone ?? '—'}</dd>
                    <dt>{t('findings.owner')}</dt><dd>{a.owner ?? '—'}</dd>
                    <dt>CPE</dt><dd className="mono small">{a.cpes.join(' ') || '—'}</dd>
                    <dt>{t('inventory.lastSeen')}</dt><dd>{f.dateTime(a.lastSeen)}</dd>
                  </dl>
                </div>
                <div className="card">
                  <h2>{t('device.services')}</h2>
                  {a.services.length === 0 ? (
                    <p className="muted">{t('device.noServices')}</p>
                  ) : (
                    <table className="data" data-testid="device-services">
                      <thead><tr><th>{t('device.port')}</th><th>{t('device.service')}</th><th>{t('device.product')}</th><th>{t('device.version')}</th></tr></thead>
                      <tbody>
                        {a.services.map((s) => (
                          <tr key={`${s.transport}/${s.port}`}><td className="mono">{s.port}/{s.transport}</td><td>{s.service}</td><td>{s.product}</td><td>{s.version}</td></tr>
                        ))}
                      </tbody>
                    </table>
                  )}
                </div>
              </div>
              <DeviceFindings assetId={a.id} />
              <DeviceAdvisories assetId={a.id} />
              <div className="card">
                <h2>{t('device.history')}</h2>
                {a.history.length === 0 ? (
                  <p className="muted">{t('device.noHistory')}</p>
                ) : (
                  <table className="data small">
                    <thead><tr><th>{t('settings.when')}</th><th>{t('feeds.source')}</th><th>{t('device.change')}</th><th>{t('device.field')}</th><th /></tr></thead>
                    <tbody>
                      {[...a.history].reverse().map((h) => (
                        <tr key={h.id}><td>{f.dateTime(h.at)}</td><td>{h.source}</td><td>{h.change}</td><td>{h.field}</td><td className="mono">{show(h.before)} → {show(h.after)}</td></tr>
                      ))}
                    </tbody>
                  </table>
                )}
              </div>
            </>
          )}
        </Async>
      )}
    </section>
  );
}

function DeviceFindings({ assetId }: { assetId: string }) {
  const { t } = useTranslation();
  const f = useFormat();
  const state = useApi<{ items: FindingLite[] } | FindingLite[]>(`/findings${qs({ asset: assetId, all: 'true' })}`);
  const items = state.data ? (Array.isArray(state.data) ? state.data : state.data.items) : null;
  return (
    <div className="card">
      <h2>{t('device.findings')}</h2>
      {state.error ? (
        <ErrorBox error={state.error} />
      ) : items === null ? (
        <Loading />
      ) : items.length === 0 ? (
        <p className="muted">{t('device.noFindings')}</p>
      ) : (
        <table className="data" data-testid="device-findings">
          <thead><tr><th>{t('findings.severity')}</th><th>{t('findings.check')}</th><th>{t('findings.status')}</th><th>{t('findings.owner')}</th><th>{t('findings.due')}</th></tr></thead>
          <tbody>
            {items.map((x) => (
              <tr key={x.id}><td><Severity value={x.severity} /></td><td>{x.title}<div className="muted small">{x.summary}</div></td><td>{x.status}</td><td>{x.assignee ?? x.team ?? '—'}</td><td>{f.date(x.dueAt)}</td></tr>
            ))}
          </tbody>
        </table>
      )}
    </div>
  );
}

interface MatchLite { advisory: { id: string; title: string }; cve: string | null; verdict: string; confidence: string; reasons: string[]; kev: { addedAt: string | null } | null; decision: { decision: string; applies: boolean } | null }

function DeviceAdvisories({ assetId }: { assetId: string }) {
  const { t } = useTranslation();
  const state = useApi<MatchLite[]>(`/vulns${qs({ asset: assetId, all: 'true' })}`);
  return (
    <div className="card">
      <h2>{t('device.advisories')}</h2>
      {state.error ? (
        <ErrorBox error={state.error} />
      ) : state.data === null ? (
        <Loading />
      ) : state.data.length === 0 ? (
        <p className="muted">{t('device.noAdvisories')}</p>
      ) : (
        <table className="data" data-testid="device-advisories">
          <thead><tr><th>{t('device.verdict')}</th><th>{t('affected.advisory')}</th><th>{t('device.evidence')}</th></tr></thead>
          <tbody>
            {state.data.map((m) => (
              <tr key={`${m.advisory.id}-${m.cve ?? ''}`}>
                <td className={`verdict verdict-${m.verdict}`}>{t(`verdict.${m.verdict}`, { defaultValue: m.verdict })}{m.decision?.applies ? ` (${m.decision.decision})` : ''}<div className="muted small">{m.confidence}</div></td>
                <td>{m.kev && <span className="tag">KEV</span>} <a href={`#/affected?id=${encodeURIComponent(m.cve ?? m.advisory.id)}`}>{m.cve ?? m.advisory.id}</a><div className="muted small">{m.advisory.id} · {m.advisory.title}</div></td>
                <td className="small">{m.reasons.join('; ')}</td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
    </div>
  );
}
