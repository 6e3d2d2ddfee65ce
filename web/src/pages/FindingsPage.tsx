// Findings workflow: list (server-side filters), assign, accept the risk with a compensating control, reopen.
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { api, qs, type ApiError } from '../api';
import { useApi } from '../hooks';
import { useFormat } from '../i18n';
import { navigate } from '../router';
import { Async, can, Severity, useMe } from '../components';

interface Finding {
  id: string;
  title: string;
  summary: string;
  severity: string;
  status: string;
  asset: { id: string; name: string | null; hostnames: string[]; ips: string[] };
  team: string | null;
  assignee: string | null;
  dueAt: string | null;
}

export function FindingsPage({ query }: { query: URLSearchParams }) {
  const { t } = useTranslation();
  const f = useFormat();
  const me = useMe();
  const status = query.get('status') ?? 'open,reopened';
  const severity = query.get('severity') ?? '';
  const state = useApi<{ items: Finding[]; total?: number } | Finding[]>(`/findings${qs({ status, severity, limit: 200 })}`);
  const [editing, setEditing] = useState<{ id: string; mode: 'assign' | 'accept' } | null>(null);
  const [form, setForm] = useState({ team: 'IT', assignee: '', due: '', control: '', approver: '', expires: '' });
  const [msg, setMsg] = useState<string | null>(null);
  const act = async (id: string, verb: 'assign' | 'accept' | 'reopen') => {
    try {
      const body =
        verb === 'assign'
          ? { team: form.team, assignee: form.assignee || null, due: form.due || null }
          : verb === 'accept'
            ? { control: form.control, approver: form.approver, expires: form.expires }
            : {};
      await api(`/findings/${encodeURIComponent(id)}/${verb}`, { method: 'POST', body });
      setEditing(null);
      setMsg(null);
      state.reload();
    } catch (e) {
      setMsg((e as ApiError).message);
    }
  };
  return (
    <section data-testid="page-findings">
      <h1>{t('findings.title')}</h1>
      <div className="filters">
        <label className="inline">
          {t('findings.status')}
          <select data-testid="findings-status" value={status} onChange={(e) => navigate('/findings', { status: e.target.value, severity })}>
            {['open,reopened', 'accepted', 'fixed'].map((s) => <option key={s} value={s}>{t(`findings.statuses.${s.split(',')[0]}`)}</option>)}
          </select>
        </label>
        <label className="inline">
          {t('findings.severity')}
          <select value={severity} onChange={(e) => navigate('/findings', { status, severity: e.target.value })}>
            <option value="">{t('inventory.all')}</option>
            {['critical', 'high', 'medium', 'low', 'info'].map((s) => <option key={s} value={s}>{t(`severity.${s}`)}</option>)}
          </select>
        </label>
      </div>
      {msg && <p className="error">{msg}</p>}
      <Async state={state}>
        {(raw) => {
          const items = Array.isArray(raw) ? raw : raw.items;
          if (items.length === 0) return <p className="muted">{t('findings.none')}</p>;
          return (
            <table className="data">
              <thead><tr><th>{t('findings.severity')}</th><th>{t('findings.check')}</th><th>{t('findings.asset')}</th><th>{t('findings.owner')}</th><th>{t('findings.due')}</th><th /></tr></thead>
              <tbody>
                {items.map((x) => (
                  <tr key={x.id} data-testid={`finding-${x.id}`}>
                    <td><Severity value={x.severity} /></td>
                    <td>{x.title}{x.summary !== x.title && <div className="muted small">{x.summary}</div>}</td>
                    <td><a href={`#/device/${encodeURIComponent(x.asset.id)}`}>{x.asset.name ?? x.asset.hostnames[0] ?? x.asset.ips[0] ?? x.asset.id}</a></td>
                    <td>{[x.team, x.assignee].filter(Boolean).join(' · ') || '—'}</td>
                    <td>{f.date(x.dueAt)}</td>
                    <td>
                      {can(me, 'analyst') && editing?.id !== x.id && (
                        <span className="row-actions">
                          {x.status !== 'accepted' && x.status !== 'fixed' && <button onClick={() => setEditing({ id: x.id, mode: 'assign' })}>{t('findings.assign')}</button>}
                          {x.status !== 'accepted' && x.status !== 'fixed' && <button onClick={() => setEditing({ id: x.id, mode: 'accept' })}>{t('findings.accept')}</button>}
                          {(x.status === 'accepted' || x.status === 'fixed') && <button onClick={() => void act(x.id, 'reopen')}>{t('findings.reopen')}</button>}
                        </span>
                      )}
                      {editing?.id === x.id && (
                        <form className="inline-form" onSubmit={(e) => { e.preventDefault(); void act(x.id, editing.mode); }}>
                          {editing.mode === 'assign' ? (
                            <>
                              <select value={form.team} onChange={(e) => setForm({ ...form, team: e.target.value })} aria-label={t('affected.team')}>
                                <option>IT</option>
                                <option>OT</option>
                              </select>
                              <input placeholder={t('findings.assignee')} value={form.assignee} onChange={(e) => setForm({ ...form, assignee: e.target.value })} />
                              <input type="date" aria-label={t('findings.due')} value={form.due} onChange={(e) => setForm({ ...form, due: e.target.value })} />
                            </>
                          ) : (
                            <>
                              <input placeholder={t('findings.control')} value={form.control} onChange={(e) => setForm({ ...form, control: e.target.value })} required />
                              <input placeholder={t('findings.approver')} value={form.approver} onChange={(e) => setForm({ ...form, approver: e.target.value })} required />
                              <input type="date" aria-label={t('findings.expires')} value={form.expires} onChange={(e) => setForm({ ...form, expires: e.target.value })} required />
                            </>
                          )}
                          <button type="submit" className="primary">{t('findings.save')}</button>
                          <button type="button" onClick={() => setEditing(null)}>{t('findings.cancel')}</button>
                        </form>
                      )}
                    </td>
                  </tr>
                ))}
              </tbody>
            </table>
          );
        }}
      </Async>
    </section>
  );
}
