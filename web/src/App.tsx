// The shell: decides between setup, login and the dashboard; navigation and the language switch.
import { useCallback, useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { api, ApiError } from './api';
import { currentLang, setLang } from './i18n';
import { MeContext, Loading, ErrorBox, type Me } from './components';
import { useRoute } from './router';
import { LoginPage } from './pages/LoginPage';
import { SetupPage } from './pages/SetupPage';
import { OverviewPage } from './pages/OverviewPage';
import { InventoryPage } from './pages/InventoryPage';
import { DevicePage } from './pages/DevicePage';
import { AffectedPage } from './pages/AffectedPage';
import { FindingsPage } from './pages/FindingsPage';
import { ScansPage } from './pages/ScansPage';
import { FeedsPage } from './pages/FeedsPage';
import { ZonesPage } from './pages/ZonesPage';
import { SettingsPage } from './pages/SettingsPage';

type Gate = { kind: 'loading' } | { kind: 'setup' } | { kind: 'login' } | { kind: 'in'; me: Me } | { kind: 'error'; error: Error };

const NAV = ['overview', 'inventory', 'affected', 'findings', 'scans', 'feeds', 'zones', 'settings'] as const;

export function App() {
  const { t } = useTranslation();
  const route = useRoute();
  const [gate, setGate] = useState<Gate>({ kind: 'loading' });

  const refresh = useCallback(async () => {
    try {
      const status = await api<{ setupRequired: boolean; authenticated: boolean }>('/auth/status');
      if (status.setupRequired) return setGate({ kind: 'setup' });
      if (!status.authenticated) return setGate({ kind: 'login' });
      setGate({ kind: 'in', me: await api<Me>('/auth/me') });
    } catch (e) {
      if (e instanceof ApiError && e.status === 401) return setGate({ kind: 'login' });
      setGate({ kind: 'error', error: e as Error });
    }
  }, []);
  useEffect(() => {
    void refresh();
  }, [refresh]);

  const langButton = (
    <button className="lang" aria-label={t('app.languageLabel')} data-testid="lang-switch" onClick={() => setLang(currentLang() === 'ja' ? 'en' : 'ja')}>
      {t('app.language')}
    </button>
  );

  if (gate.kind === 'loading') return <Loading />;
  if (gate.kind === 'error') return <ErrorBox error={gate.error} retry={() => void refresh()} />;
  if (gate.kind === 'setup' || gate.kind === 'login') {
    return (
      <div className="auth-page">
        <div className="auth-top">{langButton}</div>
        {gate.kind === 'setup' ? <SetupPage onDone={() => void refresh()} /> : <LoginPage onDone={() => void refresh()} />}
      </div>
    );
  }

  const section = route.parts[0] ?? 'overview';
  const logout = async () => {
    await api('/auth/logout', { method: 'POST' }).catch(() => undefined);
    void refresh();
  };
  return (
    <MeContext.Provider value={gate.me}>
      <header className="top">
        <a className="brand" href="#/overview">
          守り <span>{t('app.name')}</span>
        </a>
        <nav>
          {NAV.map((n) => (
            <a key={n} href={`#/${n}`} className={section === n || (n === 'inventory' && section === 'device') ? 'active' : ''} data-testid={`nav-${n}`}>
              {t(`nav.${n}`)}
            </a>
          ))}
        </nav>
        <div className="who">
          {langButton}
          <span className="user" data-testid="current-user">
            {gate.me.user.username} · {t(`role.${gate.me.role}`)}
          </span>
          <button onClick={() => void logout()} data-testid="logout">{t('app.logout')}</button>
        </div>
      </header>
      <main className="page">
        {section === 'overview' && <OverviewPage />}
        {section === 'inventory' && <InventoryPage query={route.query} />}
        {section === 'device' && <DevicePage refId={route.parts[1] ?? ''} />}
        {section === 'affected' && <AffectedPage initial={route.query.get('id') ?? ''} />}
        {section === 'findings' && <FindingsPage query={route.query} />}
        {section === 'scans' && <ScansPage />}
        {section === 'feeds' && <FeedsPage />}
        {section === 'zones' && <ZonesPage />}
        {section === 'settings' && <SettingsPage />}
        {section === 'setup' && <OverviewPage />}
      </main>
    </MeContext.Provider>
  );
}
