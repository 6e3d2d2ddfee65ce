// Scans: start one within scope, see progress and results (from the scan engine's API when installed).
import { useEffect, useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { api, type ApiError } from '../api';
import { useApi } from '../hooks';
import { useFormat } from '../i18n';
import { Async, can, useMe } from '../components';

interface Progress { hostsDone?: number; hostsTotal?: number; portsDone?: number; portsTotal?: number; open?: number; rate?: number }
interface Scan { id: string; status: string; startedAt?: string | null; finishedAt?: string | null; targets?: string[]; progress?: Progress | null; error?: string | null }
interface ScopeEntry { id: number; kind: string; spec: string; ot: boolean; note?: string | null }

export function ScansPage() {
  const { t } = useTranslation();
  const f = useFormat();
  const me = useMe();
  const state = useApi<Scan[] | { items: Scan[] }>('/scans');
  const scope = useApi<ScopeEntry[]>('/scope');
  // Live progress: poll while a scan runs.
  const running = Array.isArray(state.data) && state.data.some((s) => s.status === 'running');
  useEffect(() => {
    if (!running) return;
    const id = window.setInterval(state.reload, 2000);
    return () => window.clearInterval(id);
  }, [running, state.reload]);
  const [targets, setTargets] = useState('');
  const [profile, setProfile] = useState('ot-safe');
  const [msg, setMsg] = useState<string | null>(null);
  const start = async (e: FormEvent) => {
    e.preventDefault();
    try {
      await api('/scans', { method: 'POST', body: { targets: targets.split(/[\s,]+/).filter(Boolean), profile } });
      setMsg(null);
      state.reload();
    } catch (err) {
      setMsg((err as ApiError).message);
    }
  };
  const progress = (p: Scan['progress']) =>
    p ? `${f.num(p.hostsDone ?? 0)} / ${f.num(p.hostsTotal ?? 0)} hosts · ${f.num(p.portsDone ?? 0)} / ${f.num(p.portsTotal ?? 0)} ports · ${f.num(p.open ?? 0)} open` : '—';
  return (
    <section data-testid="page-scans">
      <h1>{t('scans.title')}</h1>
      {can(me, 'analyst') && (
        <form className="filters" onSubmit={(e) => void start(e)}>
          <input value={targets} onChange={(e) => setTargets(e.target.value)} placeholder={t('scans.targets')} required />
          <select value={profile} onChange={(e) => setProfile(e.target.value)} aria-label={t('scans.profile')}>
            {['ot-safe', 'normal', 'fast'].map((p) => <option key={p}>{p}</option>)}
          </select>
          <button className="primary" type="submit">{t('scans.run')}</button>
        </form>
      )}
      {msg && <p className="error">{msg}</p>}
      <div className="card">
        <h2>{t('scans.scope')}</h2>
        <Async state={scope}>
          {(entries) =>
            entries.length === 0 ? (
              <p className="muted">{t('scans.noScope')}</p>
            ) : (
              <ul className="mono small">{entries.map((e) => <li key={e.id}>{e.kind === 'include' ? '+' : '−'} {e.spec}{e.ot ? ' (OT)' : ''}{e.note ? ` — ${e.note}` : ''}</li>)}</ul>
            )
          }
        </Async>
      </div>
      <Async state={state}>
        {(raw) => {
          const items = Array.isArray(raw) ? raw : raw.items;
          if (items.length === 0) return <p className="muted">{t('scans.none')}</p>;
          return (
            <table className="data">
              <thead><tr><th>ID</th><th>{t('scans.status')}</th><th>{t('scans.started')}</th><th>{t('scans.targets')}</th><th>{t('scans.finished')}</th><th>{t('scans.progress')}</th></tr></thead>
              <tbody>
                {items.map((s) => (
                  <tr key={s.id}><td className="mono">{s.id}</td><td>{s.status}{s.error ? <div className="error small">{s.error}</div> : null}</td><td>{f.dateTime(s.startedAt)}</td><td className="mono small">{(s.targets ?? []).join(' ')}</td><td>{f.dateTime(s.finishedAt)}</td><td className="small">{progress(s.progress)}</td></tr>
                ))}
              </tbody>
            </table>
          );
        }}
      </Async>
    </section>
  );
}
