// Scans: start one within scope, see progress and results (from the scan engine's API when installed).
import { useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { api, type ApiError } from '../api';
import { useApi } from '../hooks';
import { useFormat } from '../i18n';
import { Async, can, useMe } from '../components';

interface Scan { id: string; status: string; startedAt?: string | null; targets?: string[] | string; profile?: string; progress?: { done?: number; total?: number } | number | null; summary?: Record<string, unknown> | null }

export function ScansPage() {
  const { t } = useTranslation();
  const f = useFormat();
  const me = useMe();
  const state = useApi<Scan[] | { items: Scan[] }>('/scans');
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
  const progress = (p: Scan['progress']) => (p === null || p === undefined ? '—' : typeof p === 'number' ? `${Math.round(p * 100)}%` : `${f.num(p.done ?? 0)} / ${f.num(p.total ?? 0)}`);
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
      <Async state={state}>
        {(raw) => {
          const items = Array.isArray(raw) ? raw : raw.items;
          if (items.length === 0) return <p className="muted">{t('scans.none')}</p>;
          return (
            <table className="data">
              <thead><tr><th>ID</th><th>{t('scans.status')}</th><th>{t('scans.started')}</th><th>{t('scans.targets')}</th><th>{t('scans.profile')}</th><th>{t('scans.progress')}</th></tr></thead>
              <tbody>
                {items.map((s) => (
                  <tr key={s.id}><td className="mono">{s.id}</td><td>{s.status}</td><td>{f.dateTime(s.startedAt)}</td><td>{[s.targets ?? []].flat().join(' ')}</td><td>{s.profile}</td><td>{progress(s.progress)}</td></tr>
                ))}
              </tbody>
            </table>
          );
        }}
      </Async>
    </section>
  );
}
