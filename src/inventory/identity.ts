// Which stored asset an observation is about. Strong identifiers (import key, serial, MAC) decide first;
// then host names (a DHCP address change keeps the device: same name, new IP); then a bare IP, but only
// when nothing about the candidate contradicts the observation (another MAC, another host name).
// In one scan sweep a name already seen live at another address does not pull a second address in.
import type { Asset } from '../core/asset.js';
import type { IdentityKeys } from './normalize.js';

export type Candidates = (kind: 'key' | 'serial' | 'mac' | 'hostname' | 'ip', value: string) => string[];

export function conflicts(a: Asset, k: IdentityKeys): boolean {
  if (k.macs.length && a.macs.length && !k.macs.some((m) => a.macs.includes(m))) return true;
  if (k.serial && a.serial && a.serial.toLowerCase() !== k.serial) return true;
  if (k.key && a.externalId && a.externalId !== k.key) return true;
  return false;
}

/**
 * `sightedElsewhere(id, ips)`: true when, in the same sweep, the device was already seen live at an address
 * other than `ips` (a scan batch). A device does not move while a scan looks at it: a second live address
 * under the same host name is another device with that name (cloned PC images, twin HMIs), not a DHCP move.
 */
export type SightedElsewhere = (id: string, ips: readonly string[]) => boolean;

/** The first candidate that nothing about the observation contradicts. */
function firstAgreeing(ids: readonly string[], k: IdentityKeys, assetOf: (id: string) => Asset | undefined): string | undefined {
  for (let i = 0; i < ids.length; i++) {
    const a = assetOf(ids[i]!);
    if (a !== undefined && !conflicts(a, k)) return ids[i];
  }
  return undefined;
}

export function resolveAsset(k: IdentityKeys, candidates: Candidates, assetOf: (id: string) => Asset | undefined, sightedElsewhere: SightedElsewhere = () => false): string | null {
  if (k.key) {
    const hit = firstAgreeing(candidates('key', k.key), k, assetOf);
    if (hit) return hit;
  }
  if (k.serial) {
    const hit = firstAgreeing(candidates('serial', k.serial), k, assetOf);
    if (hit) return hit;
  }
  for (const m of k.macs) {
    const hit = firstAgreeing(candidates('mac', m), k, assetOf);
    if (hit) return hit;
  }
  let byIp: Set<string> | null = null;
  for (const h of k.hostnames) {
    const named = candidates('hostname', h);
    if (!named.length) continue;
    const ids = named.filter((id) => firstAgreeing([id], k, assetOf) && !(k.ips.length && sightedElsewhere(id, k.ips)));
    // Several devices sharing a name: the one at the same address, else too ambiguous to merge.
    if (ids.length === 1) return ids[0]!;
    byIp ??= new Set(k.ips.flatMap((ip) => candidates('ip', ip)));
    const hit = ids.find((id) => byIp!.has(id));
    if (hit) return hit;
  }
  for (const ip of k.ips) {
    const found = candidates('ip', ip);
    if (!found.length) continue;
    const ids = found.filter((id) => {
      const a = assetOf(id);
      if (!a || conflicts(a, k)) return false;
      // The address now belongs to a device with another name: a different device.
      return !(k.hostnames.length && a.hostnames.length && !k.hostnames.some((h) => a.hostnames.includes(h)));
    });
    if (ids.length === 1) return ids[0]!;
  }
  return null;
}
