// Small inline-SVG charts for the report: no scripts, no external assets, deterministic output.
export const esc = (s: string): string => s.replace(/[&<>"']/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[c]!);

const r1 = (n: number) => Math.round(n * 10) / 10;

export interface Bar {
  label: string;
  value: number;
  color: string;
  valueText: string;
}

/** Horizontal bars, one per row, label on the left and value on the right. */
export function barChart(bars: Bar[], opts: { width?: number; title: string }): string {
  const width = opts.width ?? 320;
  const rowH = 22;
  const labelW = 110;
  const valueW = 50;
  const max = Math.max(1, ...bars.map((b) => b.value));
  const h = Math.max(rowH, bars.length * rowH);
  const rows = bars
    .map((b, i) => {
      const y = i * rowH;
      const w = r1(((width - labelW - valueW) * b.value) / max);
      return `<text x="${labelW - 6}" y="${y + 15}" text-anchor="end" class="lbl">${esc(b.label)}</text>` +
        `<rect x="${labelW}" y="${y + 4}" width="${w}" height="${rowH - 8}" rx="2" fill="${b.color}"/>` +
        `<text x="${r1(labelW + w + 4)}" y="${y + 15}" class="val">${esc(b.valueText)}</text>`;
    })
    .join('');
  return `<svg xmlns="http://www.w3.org/2000/svg" role="img" aria-label="${esc(opts.title)}" viewBox="0 0 ${width} ${h}" width="${width}" height="${h}"><title>${esc(opts.title)}</title>${rows}</svg>`;
}

export interface Series {
  label: string;
  color: string;
  values: number[];
}

/** A line chart over shared x labels, each series scaled to its own maximum (values are printed). */
export function lineChart(xLabels: string[], series: Series[], opts: { width?: number; height?: number; title: string }): string {
  const width = opts.width ?? 640;
  const height = opts.height ?? 150;
  const padL = 24;
  const padR = 24;
  const padT = 24;
  const padB = 22;
  const n = Math.max(1, xLabels.length - 1);
  const x = (i: number) => r1(padL + ((width - padL - padR) * i) / n);
  const parts: string[] = [];
  series.forEach((s, si) => {
    const max = Math.max(1, ...s.values);
    const y = (v: number) => r1(padT + (height - padT - padB) * (1 - v / max));
    parts.push(`<polyline fill="none" stroke="${s.color}" stroke-width="2" points="${s.values.map((v, i) => `${x(i)},${y(v)}`).join(' ')}"/>`);
    s.values.forEach((v, i) => {
      parts.push(`<circle cx="${x(i)}" cy="${y(v)}" r="2.5" fill="${s.color}"/>`);
      if (i === s.values.length - 1 || i === 0) parts.push(`<text x="${x(i)}" y="${r1(y(v) - 6)}" text-anchor="${i === 0 ? 'start' : 'end'}" class="val" fill="${s.color}">${v}</text>`);
    });
    parts.push(`<rect x="${padL + si * 170}" y="4" width="10" height="10" fill="${s.color}"/><text x="${padL + si * 170 + 14}" y="13" class="lbl">${esc(s.label)}</text>`);
  });
  xLabels.forEach((l, i) => parts.push(`<text x="${x(i)}" y="${height - 6}" text-anchor="middle" class="lbl">${esc(l)}</text>`));
  return `<svg xmlns="http://www.w3.org/2000/svg" role="img" aria-label="${esc(opts.title)}" viewBox="0 0 ${width} ${height}" width="${width}" height="${height}"><title>${esc(opts.title)}</title>${parts.join('')}</svg>`;
}
