// What a second scan found different from the stored inventory: a new device, a port that opened or
// closed, firmware/OS/service versions that moved, or a known device that no longer answers. Only
// ports this scan actually tried can be called closed; UDP silence proves nothing, so UDP is never closed.
import type { Asset, AssetInput } from '../core/asset.js';
import type { Change, HostResult } from './types.js';

const ver = (s: { name?: string | null; version?: string | null } | null | undefined): string | null =>
  s && (s.name || s.version) ? [s.name, s.version].filter(Boolean).join(' ') : null;

export function diffHost(before: Asset | null, h: HostResult, after: AssetInput | null, scannedTcp: ReadonlySet<number>): Change[] {
  const out: Change[] = [];
  if (!before) {
    if (after) out.push({ kind: 'new-device', ip: h.ip, after: [after.vendor, after.model].filter(Boolean).join(' ') || null });
    return out;
  }
  const base = { ip: h.ip, assetId: before.id };
  if (!h.alive) {
    if (h.complete) out.push({ ...base, kind: 'device-silent' });
    return out;
  }
  const open = new Map(h.ports.map((p) => [`${p.transport}/${p.port}`, p]));
  for (const p of h.ports) {
    const old = before.services.find((s) => s.transport === p.transport && s.port === p.port);
    if (!old) out.push({ ...base, kind: 'new-port', transport: p.transport, port: p.port, after: p.service ?? null });
    else {
      const was = [old.product, old.version].filter(Boolean).join(' ') || null;
      const now = [p.product, p.version].filter(Boolean).join(' ') || null;
      if (now && was && now !== was) out.push({ ...base, kind: 'changed-service', transport: p.transport, port: p.port, before: was, after: now });
    }
  }
  if (h.complete) {
    for (const s of before.services) {
      if (s.transport === 'tcp' && scannedTcp.has(s.port) && !open.has(`tcp/${s.port}`)) {
        out.push({ ...base, kind: 'closed-port', transport: 'tcp', port: s.port, before: s.service });
      }
    }
  }
  const fwBefore = ver(before.firmware);
  const fwAfter = ver(after?.firmware);
  if (fwAfter && fwBefore && fwAfter !== fwBefore) out.push({ ...base, kind: 'changed-firmware', before: fwBefore, after: fwAfter });
  const osBefore = ver(before.os);
  const osAfter = ver(after?.os);
  if (osAfter && osBefore && osAfter !== osBefore) out.push({ ...base, kind: 'changed-os', before: osBefore, after: osAfter });
  return out;
}
