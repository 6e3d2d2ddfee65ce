// One entry point for the CLI command and the API route: build the model, render HTML, print PDF.
import type { Store } from '../db/open.js';
import { buildReportModel, type ReportOptions } from './model.js';
import { htmlRenderer } from './renderers/html/html.renderer.js';
import { htmlToPdf, type PdfOptions } from './renderers/pdf/pdf.js';

export type ReportFormat = 'html' | 'pdf';

export interface ReportRequest extends ReportOptions {
  format: ReportFormat;
  timeZone?: string;
  pdf?: PdfOptions;
}

export async function generateReport(store: Store, req: ReportRequest): Promise<{ body: Buffer; mediaType: string; extension: string }> {
  const model = await buildReportModel(store, req);
  const html = htmlRenderer.render(model, { timeZone: req.timeZone ?? 'UTC' }) as string;
  if (req.format === 'html') return { body: Buffer.from(html, 'utf8'), mediaType: htmlRenderer.mediaType, extension: '.html' };
  return { body: await htmlToPdf(html, req.pdf), mediaType: 'application/pdf', extension: '.pdf' };
}
