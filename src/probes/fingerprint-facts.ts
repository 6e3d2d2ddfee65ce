// What a protocol fingerprint (product, version, vendor, OS, kind, class, CPEs) says in a probe's facts,
// with absent fields left out rather than written as null. Shared by the banner-style probes.
import type { ProductFacts, ServiceFacts } from './types.js';

export interface SoftwareFingerprint {
  product: string | null;
  version?: string | null;
  vendor?: string | null;
  os?: { name: string; version?: string } | null;
  kind?: string | null;
  class?: ProductFacts['class'] | null;
  cpes?: string[];
}

export function fingerprintFacts(fp: SoftwareFingerprint): Pick<ServiceFacts<unknown>, 'product' | 'version'> & { device: ProductFacts } {
  return {
    ...(fp.product ? { product: fp.product } : {}),
    ...(fp.version ? { version: fp.version } : {}),
    device: {
      ...(fp.vendor ? { vendor: fp.vendor } : {}),
      ...(fp.os ? { os: fp.os } : {}),
      ...(fp.kind ? { kind: fp.kind } : {}),
      ...(fp.class ? { class: fp.class } : {}),
      ...(fp.cpes?.length ? { cpes: fp.cpes } : {}),
    },
  };
}
