// "Are we affected?": one id in (CVE, advisory, campaign), the answer grouped by verdict and team.
import { useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { useApi } from '../hooks';
import { navigate } from '../router';
import { Async } from '../components';
import { ApiError } from '../api';

interface Line {
  asset: { id: string; name?: string | null; hostnames: string[]; ips: string[]; zone?: string | null };
  advisory?: { id: string; title: string } | null;
  cve?: string | null;
  verdict: string;
  team?: string | null;
  reasons?: string[] | string;
  kev?: { addedAt: string | null } | null;
}

const VERDICT_ORDER = ['infected', 'exploitable', 'affected', 'exposed', 'unknown', 'mitigated', 'fixed', 'not-affected'];

interface CampaignAnswer {
  campaign: { id: string; title: string };
  assets: { asset: Line['asset'] & { class: string | null }; verdict: string; summary: string; reason: string | null; evidence: { source: string; detail: string }[] }[];
}

/** Campaign answers have their own shape; turn them into the same lines as advisory answers. */
const campaignLines = (c: CampaignAnswer): Line[] =>
  c.assets
    .filter((a) => a.verdict !== 'not-affected')
    .map((a) => ({
      asset: a.asset,
      advisory: { id: c.campaign.id, title: c.campaign.title },
      verdict: a.verdict,
      team: a.asset.class ? a.asset.class.toUpperCase() : null,
      reasons: [a.summary, ...a.evidence.map((e) => `${e.source}: ${e.detail}`), ...(a.reason ? [a.reason] : [])],
    }));

export function AffectedPage({ initial }: { initial: string }) {
  const { t } = useTranslation();
  const [id, setId] = useState(initial);
  // A campaign name (wannacry, mirai, ...) is answered from the campaign API, anything else from advisories.
  const campaigns = useApi<{ id: string }[]>('/campaigns');
  const isCampaign = !!initial && (campaigns.data ?? []).some((c) => c.id === initial.trim().toLowerCase());
  const waiting = !!initial && campaigns.data === null && campaigns.error === null;
  const advisory = useApi<Line[] | { items: Line[] }>(initial && !isCampaign && !waiting ? `/affected/${encodeURIComponent(initial)}` : null);
  const campaign = useApi<CampaignAnswer>(isCampaign ? `/campaigns/${encodeURIComponent(initial.trim().toLowerCase())}` : null);
  const state = isCampaign
    ? { ...campaign, data: campaign.data ? campaignLines(campaign.data) : null }
    : advisory;
  const submit = (e: FormEvent) => {
    e.preventDefault();
    navigate('/affected', { id: id.trim() });
  };
  return (
    <section data-testid="page-affected">
      <h1>{t('affected.title')}</h1>
      <p>{t('affected.intro')}</p>
      <form className="filters" onSubmit={submit}>
        <input name="id" value={id} onChange={(e) => setId(e.target.value)} placeholder={t('affected.placeholder')} data-testid="affected-input" required maxLength={100} />
        <button type="submit" className="primary" data-testid="affected-ask">{t('affected.ask')}</button>
      </form>
      {initial && state.error instanceof ApiError && state.error.status === 404 && !state.error.missingRoute ? (
        <p className="notice" data-testid="affected-answer">{t('affected.unknownId', { id: initial })}</p>
      ) : initial && (
        <Async state={state}>
          {(raw) => {
            const lines = Array.isArray(raw) ? raw : raw.items;
            if (lines.length === 0) return <p className="notice" data-testid="affected-answer">{t('affected.none', { id: initial })}</p>;
            const groups = new Map<string, Line[]>();
            for (const l of lines) groups.set(l.verdict, [...(groups.get(l.verdict) ?? []), l]);
            const order = [...groups.keys()].sort((a, b) => (VERDICT_ORDER.indexOf(a) + 99) % 99 - (VERDICT_ORDER.indexOf(b) + 99) % 99);
            return (
              <div data-testid="affected-answer">
                <h2>{t('affected.answer', { id: initial })}</h2>
                {order.map((v) => (
                  <div className="card" key={v}>
                    <h3 className={`verdict verdict-${v}`}>{t('affected.byVerdict', { verdict: t(`verdict.${v}`, { defaultValue: v }), count: groups.get(v)!.length })}</h3>
                    <table className="data">
                      <thead><tr><th>{t('findings.asset')}</th><th>{t('affected.team')}</th><th>{t('affected.advisory')}</th><th>{t('affected.reasons')}</th></tr></thead>
                      <tbody>
                        {groups.get(v)!.map((l, i) => (
                          <tr key={`${l.asset.id}-${i}`}>
                            <td><a href={`#/device/${encodeURIComponent(l.asset.id)}`}>{l.asset.name ?? l.asset.hostnames[0] ?? l.asset.ips[0] ?? l.asset.id}</a></td>
                            <td>{l.team ?? '—'}</td>
                            <td className="small">{l.kev && <span className="tag">KEV</span>} {l.advisory?.id} {l.cve && l.cve !== l.advisory?.id ? `· ${l.cve}` : ''}<div className="muted">{l.advisory?.title}</div></td>
                            <td className="small">{[l.reasons ?? []].flat().join('; ')}</td>
                          </tr>
                        ))}
                      </tbody>
                    </table>
                  </div>
                ))}
              </div>
            );
          }}
        </Async>
      )}
    </section>
  );
}
