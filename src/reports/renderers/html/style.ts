// Report CSS: A4, two pages, Noto CJK for Japanese (Debian fonts-noto-cjk), colours that survive greyscale.
export const REPORT_CSS = `
@page { size: A4; margin: 14mm 14mm 12mm; }
* { box-sizing: border-box; }
body { margin: 0; font-family: "Noto Sans CJK JP", "Noto Sans JP", "Hiragino Sans", "Yu Gothic", "Segoe UI", Arial, sans-serif; color: #212529; font-size: 10.5pt; line-height: 1.45; }
main { max-width: 190mm; margin: 0 auto; padding: 8px; }
header { display: flex; justify-content: space-between; align-items: flex-start; border-bottom: 3px solid #1c3d5a; margin-bottom: 8px; }
h1 { font-size: 19pt; margin: 0 0 2px; color: #1c3d5a; }
h2 { font-size: 12.5pt; margin: 12px 0 6px; color: #1c3d5a; border-left: 4px solid #1c3d5a; padding-left: 6px; }
.muted { color: #6c757d; font-size: 9pt; margin: 0 0 6px; }
.conf { font-size: 8.5pt; color: #8b0000; border: 1px solid #8b0000; padding: 2px 6px; margin-top: 6px; }
.kpis { display: grid; grid-template-columns: repeat(5, 1fr); gap: 6px; }
.kpi { border: 1px solid #dee2e6; border-radius: 4px; padding: 6px; text-align: center; }
.kpi .v { font-size: 17pt; font-weight: 700; }
.kpi .l { font-size: 8pt; color: #495057; }
.kpi.bad .v { color: #8b0000; } .kpi.warn .v { color: #d9480f; }
.na { color: #868e96; font-style: italic; font-size: 10pt; }
.charts { display: flex; gap: 16px; margin-top: 8px; }
figure { margin: 0; } figcaption { font-size: 9pt; color: #495057; margin-bottom: 2px; }
svg .lbl { font-size: 10px; fill: #495057; } svg .val { font-size: 10px; fill: #212529; }
svg text { font-family: inherit; }
ol.risks { margin: 0; padding-left: 20px; }
ol.risks li { margin-bottom: 5px; }
ol.risks p { margin: 0; }
ol.risks .what { font-weight: 600; } ol.risks .fix, ol.risks .eg { font-size: 9.5pt; } ol.risks .eg { color: #6c757d; }
.tag.camp { background: #5f3dc4; }
.tag { display: inline-block; background: #8b0000; color: #fff; font-size: 8pt; padding: 0 4px; border-radius: 2px; }
table { border-collapse: collapse; width: 100%; font-size: 9.5pt; }
th, td { border-bottom: 1px solid #dee2e6; padding: 3px 6px; text-align: left; vertical-align: top; }
table.seg td { text-align: right; }
table.actions td:nth-child(2), table.actions td:nth-child(3), table.actions th:nth-child(2), table.actions th:nth-child(3) { white-space: nowrap; width: 1%; }
tr.overdue td:last-child { color: #8b0000; font-weight: 700; }
.dot { display: inline-block; width: 8px; height: 8px; border-radius: 50%; margin-right: 5px; background: #868e96; }
.sev-critical .dot { background: #8b0000; } .sev-high .dot { background: #d9480f; } .sev-medium .dot { background: #e6a100; } .sev-low .dot { background: #2b8a3e; }
ul.adv, ul.cov { margin: 0; padding-left: 18px; }
.page2 { break-before: page; }
@media screen { body { background: #f1f3f5; } main { background: #fff; margin: 16px auto; padding: 16px 22px; box-shadow: 0 1px 4px rgba(0,0,0,.15); } }
`;
