import { useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { api, ApiError } from '../api';

export function SetupPage({ onDone }: { onDone: () => void }) {
  const { t } = useTranslation();
  const [f, setF] = useState({ setupToken: '', username: 'admin', password: '', confirm: '' });
  const [error, setError] = useState<string | null>(null);
  const set = (k: keyof typeof f) => (e: { target: { value: string } }) => setF({ ...f, [k]: e.target.value });
  const submit = async (e: FormEvent) => {
    e.preventDefault();
    if (f.password !== f.confirm) return setError(t('setup.mismatch'));
    try {
      await api('/auth/setup', { method: 'POST', body: { setupToken: f.setupToken.trim(), username: f.username, password: f.password } });
      onDone();
    } catch (err) {
      setError((err as ApiError).message);
    }
  };
  return (
    <form className="card auth" onSubmit={(e) => void submit(e)} data-testid="setup-form">
      <h1>{t('setup.title')}</h1>
      <p>{t('setup.intro')}</p>
      <label>
        {t('setup.token')}
        <input name="setupToken" value={f.setupToken} onChange={set('setupToken')} required autoComplete="off" />
      </label>
      <label>
        {t('setup.username')}
        <input name="username" value={f.username} onChange={set('username')} required autoComplete="username" />
      </label>
      <label>
        {t('setup.password')}
        <input name="password" type="password" value={f.password} onChange={set('password')} required minLength={10} autoComplete="new-password" />
      </label>
      <label>
        {t('setup.confirm')}
        <input name="confirm" type="password" value={f.confirm} onChange={set('confirm')} required autoComplete="new-password" />
      </label>
      {error && <p className="error" role="alert">{error}</p>}
      <button type="submit" className="primary">{t('setup.submit')}</button>
    </form>
  );
}
