// Settings: my password, my API tokens; for admins also users and the audit log.
import { useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { api, type ApiError } from '../api';
import { useApi, useMutation } from '../hooks';
import { useFormat } from '../i18n';
import { Async, can, useMe } from '../components';

interface User { id: string; username: string; role: string; sites: string[] | null; disabled: boolean; lastLoginAt: string | null }
interface Token { id: string; name: string; username: string; prefix: string; role: string; expiresAt: string | null; lastUsedAt: string | null; revoked: boolean }
interface Audit { id: number; at: string; actor: string | null; actorType: string; method: string; path: string; status: number }

export function SettingsPage() {
  const { t } = useTranslation();
  const me = useMe();
  return (
    <section data-testid="page-settings">
      <h1>{t('settings.title')}</h1>
      <Password />
      <Tokens />
      {can(me, 'admin') && <Scope />}
      {can(me, 'admin') && <Users />}
      {can(me, 'admin') && <AuditLog />}
    </section>
  );
}

function Password() {
  const { t } = useTranslation();
  const [f, setF] = useState({ currentPassword: '', newPassword: '' });
  const [msg, setMsg] = useState<{ ok: boolean; text: string } | null>(null);
  const submit = async (e: FormEvent) => {
    e.preventDefault();
    try {
      await api('/auth/password', { method: 'POST', body: f });
      setMsg({ ok: true, text: t('settings.changed') });
      setF({ currentPassword: '', newPassword: '' });
    } catch (err) {
      setMsg({ ok: false, text: (err as ApiError).message });
    }
  };
  return (
    <form className="card" onSubmit={(e) => void submit(e)}>
      <h2>{t('settings.changePassword')}</h2>
      <div className="filters">
        <input type="password" placeholder={t('settings.current')} value={f.currentPassword} onChange={(e) => setF({ ...f, currentPassword: e.target.value })} required autoComplete="current-password" />
        <input type="password" placeholder={t('settings.newPassword')} value={f.newPassword} onChange={(e) => setF({ ...f, newPassword: e.target.value })} required minLength={10} autoComplete="new-password" />
        <button className="primary" type="submit">{t('findings.save')}</button>
      </div>
      {msg && <p className={msg.ok ? 'notice' : 'error'}>{msg.text}</p>}
    </form>
  );
}

function Tokens() {
  const { t } = useTranslation();
  const f = useFormat();
  const state = useApi<{ items: Token[] }>('/tokens');
  const [name, setName] = useState('');
  const [created, setCreated] = useState<string | null>(null);
  const { run, err } = useMutation(state);
  const create = (e: FormEvent) => {
    e.preventDefault();
    return run(api<{ token: string }>('/tokens', { method: 'POST', body: { name } }).then((r) => {
      setCreated(r.token);
      setName('');
    }));
  };
  const revoke = (id: string) => run(api(`/tokens/${encodeURIComponent(id)}`, { method: 'DELETE' }));
  return (
    <div className="card">
      <h2>{t('settings.tokens')}</h2>
      <form className="filters" onSubmit={(e) => void create(e)}>
        <input placeholder={t('settings.tokenName')} value={name} onChange={(e) => setName(e.target.value)} required maxLength={100} />
        <button className="primary" type="submit">{t('settings.createToken')}</button>
      </form>
      {created && <p className="notice">{t('settings.tokenOnce')} <code data-testid="new-token">{created}</code></p>}
      {err && <p className="error">{err}</p>}
      <Async state={state}>
        {(d) => (
          <table className="data">
            <thead><tr><th>{t('settings.tokenName')}</th><th>{t('settings.username')}</th><th>{t('settings.role')}</th><th>{t('settings.prefix')}</th><th>{t('settings.expires')}</th><th>{t('settings.lastUsed')}</th><th /></tr></thead>
            <tbody>
              {d.items.map((x) => (
                <tr key={x.id}><td>{x.name}</td><td>{x.username}</td><td>{t(`role.${x.role}`)}</td><td className="mono">{x.prefix}…</td><td>{f.date(x.expiresAt)}</td><td>{f.dateTime(x.lastUsedAt)}</td><td>{x.revoked ? t('settings.revoked') : <button onClick={() => void revoke(x.id)}>{t('settings.revoke')}</button>}</td></tr>
              ))}
            </tbody>
          </table>
        )}
      </Async>
    </div>
  );
}

function Users() {
  const { t } = useTranslation();
  const f = useFormat();
  const state = useApi<{ items: User[] }>('/users');
  const [nu, setNu] = useState({ username: '', password: '', role: 'viewer', sites: '' });
  const { run, err } = useMutation(state);
  const add = (e: FormEvent) => {
    e.preventDefault();
    const sites = nu.sites.split(',').map((s) => s.trim()).filter(Boolean);
    void run(api('/users', { method: 'POST', body: { username: nu.username, password: nu.password, role: nu.role, sites: sites.length ? sites : null } }).then(() => setNu({ username: '', password: '', role: 'viewer', sites: '' })));
  };
  return (
    <div className="card">
      <h2>{t('settings.users')}</h2>
      <form className="filters" onSubmit={add}>
        <input placeholder={t('settings.username')} value={nu.username} onChange={(e) => setNu({ ...nu, username: e.target.value })} required />
        <input type="password" placeholder={t('settings.password')} value={nu.password} onChange={(e) => setNu({ ...nu, password: e.target.value })} required minLength={10} autoComplete="new-password" />
        <select value={nu.role} onChange={(e) => setNu({ ...nu, role: e.target.value })} aria-label={t('settings.role')}>
          {['viewer', 'analyst', 'admin'].map((r) => <option key={r} value={r}>{t(`role.${r}`)}</option>)}
        </select>
        <input placeholder={`${t('settings.sites')} (${t('settings.sitesHint')})`} value={nu.sites} onChange={(e) => setNu({ ...nu, sites: e.target.value })} />
        <button className="primary" type="submit">{t('settings.add')}</button>
      </form>
      {err && <p className="error">{err}</p>}
      <Async state={state}>
        {(d) => (
          <table className="data">
            <thead><tr><th>{t('settings.username')}</th><th>{t('settings.role')}</th><th>{t('settings.sites')}</th><th>{t('settings.lastLogin')}</th><th /></tr></thead>
            <tbody>
              {d.items.map((u) => (
                <tr key={u.id} className={u.disabled ? 'disabled' : ''}>
                  <td>{u.username}</td><td>{t(`role.${u.role}`)}</td><td>{u.sites ? u.sites.join(', ') : t('settings.allSites')}</td><td>{f.dateTime(u.lastLoginAt)}</td>
                  <td className="row-actions">
                    <button onClick={() => void run(api(`/users/${u.id}`, { method: 'PATCH', body: { disabled: !u.disabled } }))}>{u.disabled ? t('settings.enable') : t('settings.disable')}</button>
                    <button onClick={() => void run(api(`/users/${u.id}`, { method: 'DELETE' }))}>{t('settings.remove')}</button>
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        )}
      </Async>
    </div>
  );
}

function AuditLog() {
  const { t } = useTranslation();
  const f = useFormat();
  const state = useApi<{ total: number; items: Audit[] }>('/audit?limit=50');
  return (
    <div className="card">
      <h2>{t('settings.audit')}</h2>
      <Async state={state}>
        {(d) => (
          <table className="data small" data-testid="audit-table">
            <thead><tr><th>{t('settings.when')}</th><th>{t('settings.who')}</th><th>{t('settings.what')}</th><th>{t('settings.status')}</th></tr></thead>
            <tbody>
              {d.items.map((a) => (
                <tr key={a.id}><td>{f.dateTime(a.at)}</td><td>{a.actor ?? '—'} <span className="muted">({a.actorType})</span></td><td className="mono">{a.method} {a.path}</td><td>{a.status || '—'}</td></tr>
              ))}
            </tbody>
          </table>
        )}
      </Async>
    </div>
  );
}

interface ScopeEntry { id: number; kind: string; spec: string; ot: boolean; note?: string | null }

/** What may be scanned: include/exclude entries (CIDR, range, host), OT marks gentle pacing. Admin only. */
function Scope() {
  const { t } = useTranslation();
  const state = useApi<ScopeEntry[]>('/scope');
  const [f, setF] = useState({ kind: 'include', spec: '', ot: false, note: '' });
  const { run, err } = useMutation(state);
  const add = (e: FormEvent) => {
    e.preventDefault();
    void run(api('/scope', { method: 'POST', body: { kind: f.kind, spec: f.spec.trim(), ot: f.ot, note: f.note || null } }).then(() => setF({ ...f, spec: '', note: '' })));
  };
  return (
    <div className="card" data-testid="scope-settings">
      <h2>{t('scans.scope')}</h2>
      <form className="filters" onSubmit={add}>
        <select value={f.kind} onChange={(e) => setF({ ...f, kind: e.target.value })} aria-label={t('settings.scopeKind')}>
          <option value="include">{t('settings.include')}</option>
          <option value="exclude">{t('settings.exclude')}</option>
        </select>
        <input placeholder="127.0.0.0/8, 10.1.2.0/24, plc-01" value={f.spec} onChange={(e) => setF({ ...f, spec: e.target.value })} required maxLength={256} />
        <label className="inline"><input type="checkbox" checked={f.ot} onChange={(e) => setF({ ...f, ot: e.target.checked })} /> OT</label>
        <input placeholder={t('zones.description')} value={f.note} onChange={(e) => setF({ ...f, note: e.target.value })} maxLength={1000} />
        <button className="primary" type="submit">{t('settings.add')}</button>
      </form>
      {err && <p className="error">{err}</p>}
      <Async state={state}>
        {(entries) =>
          entries.length === 0 ? (
            <p className="muted">{t('scans.noScope')}</p>
          ) : (
            <table className="data">
              <tbody>
                {entries.map((x) => (
                  <tr key={x.id}>
                    <td>{x.kind === 'include' ? t('settings.include') : t('settings.exclude')}</td>
                    <td className="mono">{x.spec}</td>
                    <td>{x.ot ? 'OT' : ''}</td>
                    <td>{x.note}</td>
                    <td><button onClick={() => void run(api(`/scope/${x.id}`, { method: 'DELETE' }))}>{t('settings.remove')}</button></td>
                  </tr>
                ))}
              </tbody>
            </table>
          )
        }
      </Async>
    </div>
  );
}
