// The executive report as one self-contained HTML page (inline CSS and SVG, no script, no network),
// laid out for two A4 pages when printed (the PDF renderer prints this page with chromium).
import { z } from 'zod';
import { SEVERITIES, type Severity } from '../../../core/vocabulary.js';
import { formatters, reportStrings } from '../../i18n.js';
import type { ReportModel } from '../../model.js';
import { defineRenderer } from '../types.js';
import { barChart, esc, lineChart } from './svg.js';
import { REPORT_CSS } from './style.js';

export const htmlOptionsSchema = z.object({ timeZone: z.string().default('UTC') });
export type HtmlOptions = z.infer<typeof htmlOptionsSchema>;

const SEV_COLOR: Record<Severity, string> = { critical: '#8b0000', high: '#d9480f', medium: '#e6a100', low: '#2b8a3e', info: '#868e96' };
const CLASS_COLOR: Record<string, string> = { it: '#1c7ed6', ot: '#e8590c', iot: '#7048e8', miner: '#c2255c' };

export const htmlRenderer = defineRenderer<HtmlOptions>({
  id: 'html',
  mediaType: 'text/html; charset=utf-8',
  extension: '.html',
  optionsSchema: htmlOptionsSchema,
  render(m, options) {
    const t = reportStrings(m.meta.lang);
    const f = formatters(m.meta.lang, options.timeZone);
    const h = m.headline;
    const maybe = (n: number | null) => (n === null ? `<span class="na">${esc(t.notAssessed)}</span>` : esc(f.num(n)));
    const kpi = (label: string, value: string, tone = '') => `<div class="kpi ${tone}"><div class="v">${value}</div><div class="l">${esc(label)}</div></div>`;

    const classBars = m.assetsByClass.map((c) => ({
      label: c.key ? (t.segments[c.key] ?? c.key) : t.segments.unknown!,
      value: c.count,
      color: CLASS_COLOR[c.key ?? ''] ?? '#adb5bd',
      valueText: f.num(c.count),
    }));
    const sevBars = h.bySeverity
      ? [...SEVERITIES].reverse().map((s) => ({ label: t.severity[s], value: h.bySeverity![s], color: SEV_COLOR[s], valueText: f.num(h.bySeverity![s]) }))
      : null;

    const risks = m.topRisks.length
      ? `<ol class="risks">${m.topRisks
          .map(
            (r) => `<li class="sev-${r.severity}"><p class="what">${r.kev ? `<span class="tag">${esc(t.kev)}</span> ` : ''}${esc(t.riskLine(t.severity[r.severity], r.assets, r.title))}</p>` +
              (r.remediation ? `<p class="fix"><b>${esc(t.fix)}:</b> ${esc(r.remediation)}</p>` : '') +
              (r.examples.length ? `<p class="eg">${esc(t.examples)}: ${r.examples.map(esc).join(', ')}</p>` : '') + '</li>',
          )
          .join('')}</ol>`
      : `<p>${esc(h.openFindings === null ? t.notAssessed : t.noRisks)}</p>`;

    const segRows = (['it', 'ot', 'iot', 'miner', 'unknown'] as const)
      .filter((k) => m.segments[k].assets > 0 || k === 'it' || k === 'ot')
      .map((k) => {
        const s = m.segments[k];
        return `<tr><th>${esc(t.segments[k]!)}</th><td>${f.num(s.assets)}</td><td>${h.openFindings === null ? '—' : f.num(s.openFindings)}</td><td>${h.openFindings === null ? '—' : f.num(s.critical)}</td><td>${h.openFindings === null ? '—' : f.num(s.high)}</td></tr>`;
      })
      .join('');

    const advisories = m.advisories === null
      ? `<p class="na">${esc(t.advisoriesNotAssessed)}</p>`
      : m.advisories.length === 0
        ? `<p>${esc(t.noAdvisories)}</p>`
        : `<ul class="adv">${m.advisories.slice(0, 8).map((a) => `<li>${a.kev ? `<span class="tag">${esc(t.kev)}</span> ` : ''}<b>${esc(a.id)}</b> ${esc(a.title)} — ${f.num(a.affectedAssets)} ${esc(t.affectedDevices)}</li>`).join('')}</ul>`;

    const campaigns = m.campaigns.length
      ? `<ul class="adv">${m.campaigns.map((c) => `<li><span class="tag camp">${esc(t.campaign)}</span> ${esc(t.campaignLine(c.title, c))}</li>`).join('')}</ul>`
      : '';

    const actions = m.actions.length
      ? `<table class="actions"><thead><tr><th>${esc(t.action)}</th><th>${esc(t.owner)}</th><th>${esc(t.due)}</th></tr></thead><tbody>${m.actions
          .map((a) => `<tr class="sev-${a.severity}${a.overdue ? ' overdue' : ''}"><td><span class="dot"></span>${esc(a.title)} <span class="muted">(${f.num(a.assets)})</span></td><td>${esc(a.owner ?? t.unassigned)}</td><td>${a.dueAt ? esc(f.date(a.dueAt)) : t.noDue}</td></tr>`)
          .join('')}</tbody></table>`
      : `<p>${esc(t.noActions)}</p>`;

    const trend = lineChart(
      m.trend.map((p) => f.short(p.weekEnd)),
      [
        ...(h.openFindings === null ? [] : [{ label: t.trendOpen, color: '#d9480f', values: m.trend.map((p) => p.openFindings) }]),
        { label: t.trendAssets, color: '#1c7ed6', values: m.trend.map((p) => p.assets) },
      ],
      { title: t.trend, width: 680, height: 140 },
    );

    const scope = m.meta.sites === null ? t.allSites : m.meta.sites.join(', ') || '—';
    return `<!doctype html>
<html lang="${m.meta.lang}"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width">
<title>${esc(m.meta.title)}</title><style>${REPORT_CSS}</style></head>
<body><main>
<header><div><h1>${esc(m.meta.title)}</h1><p class="muted">${esc(t.scope)}: ${esc(scope)} · ${esc(t.generated)}: ${esc(f.dateTime(m.meta.generatedAt))}</p></div><p class="conf">${esc(t.confidential)}</p></header>
<section><h2>${esc(t.headline)}</h2><div class="kpis">
${kpi(t.devices, esc(f.num(h.assets)))}${kpi(t.exposedDevices, maybe(h.exposedAssets), h.exposedAssets ? 'bad' : '')}${kpi(t.openFindings, maybe(h.openFindings))}${kpi(t.kevDevices, maybe(h.kevAssets), h.kevAssets ? 'bad' : '')}${kpi(t.overdue, maybe(h.overdueActions), h.overdueActions ? 'warn' : '')}
</div>
<div class="charts"><figure><figcaption>${esc(t.byClass)}</figcaption>${barChart(classBars, { title: t.byClass })}</figure>${sevBars ? `<figure><figcaption>${esc(t.bySeverity)}</figcaption>${barChart(sevBars, { title: t.bySeverity })}</figure>` : ''}</div></section>
<section><h2>${esc(t.trend)}</h2>${trend}</section>
<section><h2>${esc(t.topRisks)}</h2>${risks}</section>
<section class="page2"><h2>${esc(t.itOt)}</h2><table class="seg"><thead><tr><th>${esc(t.segment)}</th><th>${esc(t.devices)}</th><th>${esc(t.openFindings)}</th><th>${esc(t.critical)}</th><th>${esc(t.high)}</th></tr></thead><tbody>${segRows}</tbody></table></section>
<section><h2>${esc(t.advisories)}</h2>${campaigns}${advisories}</section>
<section><h2>${esc(t.actions)}</h2>${actions}</section>
${m.coverage.length ? `<section><h2>${esc(t.coverage)}</h2><ul class="cov">${m.coverage.map((c) => `<li>${esc(c)}</li>`).join('')}</ul></section>` : ''}
</main></body></html>
`;
  },
});
