// end-of-life (S0, passive): the asset's recorded OS or firmware is past its vendor's end of support, so
// no security fixes come any more. Sends nothing; reads the inventory and data/eol.json.
import { z } from 'zod';
import { defineCheck } from '../types.js';
import { builtinEol, matchEol, type EolData } from './eol-data.js';

export const endOfLifeCheck = defineCheck<{ data?: EolData }>({
  id: 'end-of-life',
  title: { en: 'Operating system or firmware past end of support', ja: 'サポート終了済みの OS またはファームウェア' },
  description: {
    en: 'Compares the OS and firmware recorded in the inventory with a table of vendor end-of-support dates. Sends nothing to the device.',
    ja: 'インベントリに記録された OS・ファームウェアをベンダーのサポート終了日の表と照合します。機器には何も送信しません。',
  },
  remediation: {
    en: 'Upgrade to a supported release; where that is impossible (OT), isolate the device in its own zone, allow only the protocols it needs, and record a risk acceptance with an expiry.',
    ja: 'サポート中のリリースへ更新してください。OT などで更新できない場合は専用ゾーンに隔離し必要な通信だけを許可したうえで、期限付きのリスク受容を記録してください。',
  },
  references: ['T0866', 'https://learn.microsoft.com/lifecycle/'],
  severity: 'high',
  safety: 'S0',
  tags: ['hygiene', 'end-of-life', 'passive'],
  services: [],
  level: 'asset',
  optionsSchema: z.object({ data: z.any().optional() }) as z.ZodType<{ data?: EolData }>,
  selects: (asset) => Boolean(asset.os?.name || asset.os?.version || asset.firmware?.name || asset.firmware?.version),
  async run(ctx) {
    const data = ctx.options.data ?? builtinEol();
    const m = matchEol(ctx.asset, data);
    if (!m) return { verdict: 'not-affected', summary: 'no end-of-life entry matches the recorded OS/firmware' };
    const today = ctx.now.toISOString().slice(0, 10);
    if (m.entry.eol > today) {
      return { verdict: 'not-affected', summary: `${m.entry.title} is supported until ${m.entry.eol}`, data: { eolId: m.entry.id, eol: m.entry.eol } };
    }
    return {
      verdict: 'exposed',
      confidence: 'likely',
      summary: `${m.entry.title} has been out of vendor support since ${m.entry.eol}`,
      evidence: [
        { label: m.field, excerpt: m.text },
        { label: 'end of support', excerpt: `${m.entry.eol} (${m.entry.source})` },
      ],
      discriminator: m.entry.id,
      data: { eolId: m.entry.id, eol: m.entry.eol, field: m.field, observed: m.text },
    };
  },
});
