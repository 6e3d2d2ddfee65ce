import { createContext, useContext, type ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import { ApiError } from './api';

export interface Me {
  user: { id: string; username: string; displayName: string | null; role: 'admin' | 'analyst' | 'viewer'; sites: string[] | null };
  role: 'admin' | 'analyst' | 'viewer';
}
export const MeContext = createContext<Me | null>(null);
export const useMe = (): Me => useContext(MeContext)!;
const RANK = { viewer: 0, analyst: 1, admin: 2 } as const;
export const can = (me: Me, need: keyof typeof RANK): boolean => RANK[me.role] >= RANK[need];

export function Loading() {
  const { t } = useTranslation();
  return <p className="muted" role="status">{t('app.loading')}</p>;
}

export function ErrorBox({ error, retry }: { error: Error; retry?: () => void }) {
  const { t } = useTranslation();
  const me = useContext(MeContext);
  if (error instanceof ApiError && error.missingRoute) return <p className="notice">{t('app.notAvailable')}</p>;
  if (error instanceof ApiError && error.status === 403 && me) return <p className="error">{t('app.forbidden', { role: t(`role.${me.role}`) })}</p>;
  return (
    <p className="error" role="alert">
      {t('app.error', { message: error.message })} {retry && <button onClick={retry}>{t('app.retry')}</button>}
    </p>
  );
}

/** Renders children with data, or the loading/error state. */
export function Async<T>({ state, children }: { state: { data: T | null; error: Error | null; loading: boolean; reload?: () => void }; children: (data: T) => ReactNode }) {
  if (state.error) return <ErrorBox error={state.error} retry={state.reload} />;
  if (state.data === null) return <Loading />;
  return <>{children(state.data)}</>;
}

export function Kpi({ label, value, tone }: { label: string; value: ReactNode; tone?: 'bad' | 'warn' }) {
  return (
    <div className={`kpi ${tone ?? ''}`}>
      <div className="kpi-value">{value}</div>
      <div className="kpi-label">{label}</div>
    </div>
  );
}

export interface BarItem {
  label: string;
  value: number;
  color?: string;
  href?: string;
}

export function Bars({ items, format }: { items: BarItem[]; format: (n: number) => string }) {
  const max = Math.max(1, ...items.map((i) => i.value));
  return (
    <ul className="bars">
      {items.map((i) => (
        <li key={i.label}>
          <span className="bar-label">{i.href ? <a href={i.href}>{i.label}</a> : i.label}</span>
          <span className="bar-track">
            <span className="bar" style={{ width: `${(100 * i.value) / max}%`, background: i.color ?? '#1c7ed6' }} />
          </span>
          <span className="bar-value">{format(i.value)}</span>
        </li>
      ))}
    </ul>
  );
}

export function Trend({ labels, series }: { labels: string[]; series: { label: string; color: string; values: number[] }[] }) {
  const w = 560;
  const h = 140;
  const pad = 24;
  const n = Math.max(1, labels.length - 1);
  const x = (i: number) => pad + ((w - 2 * pad) * i) / n;
  return (
    <svg className="trend" viewBox={`0 0 ${w} ${h}`} role="img">
      {series.map((s, si) => {
        const max = Math.max(1, ...s.values);
        const y = (v: number) => 22 + (h - 44) * (1 - v / max);
        return (
          <g key={s.label}>
            <polyline fill="none" stroke={s.color} strokeWidth={2} points={s.values.map((v, i) => `${x(i)},${y(v)}`).join(' ')} />
            {s.values.map((v, i) => (
              <circle key={i} cx={x(i)} cy={y(v)} r={3} fill={s.color}>
                <title>{`${labels[i]}: ${v}`}</title>
              </circle>
            ))}
            <rect x={pad + si * 160} y={4} width={10} height={10} fill={s.color} />
            <text x={pad + si * 160 + 14} y={13} className="svg-label">{s.label}</text>
          </g>
        );
      })}
      {labels.map((l, i) => (
        <text key={i} x={x(i)} y={h - 6} textAnchor="middle" className="svg-label">{l}</text>
      ))}
    </svg>
  );
}

export const SEV_COLOR: Record<string, string> = { critical: '#8b0000', high: '#d9480f', medium: '#e6a100', low: '#2b8a3e', info: '#868e96' };
export const CLASS_COLOR: Record<string, string> = { it: '#1c7ed6', ot: '#e8590c', iot: '#7048e8', miner: '#c2255c' };

export function Severity({ value }: { value: string }) {
  const { t } = useTranslation();
  return <span className={`sev sev-${value}`}>{t(`severity.${value}`, { defaultValue: value })}</span>;
}
