// Report renderers by id (design.md §4.6). PDF is not a renderer of its own: it prints the HTML with
// chromium (pdf/pdf.ts), because a browser is the only faithful typesetter of Japanese here.
import type { ReportRenderer } from './types.js';
import { htmlRenderer } from './html/html.renderer.js';

export const renderers = { html: htmlRenderer } satisfies Record<string, ReportRenderer<any>>;
export type RendererId = keyof typeof renderers;
