// Assets as the matcher reads them, written the short way in matcher tests: asset('id', { vendor, model, ... }).
import type { MatchAsset } from '../../src/advisories/matching/components.js';

export const asset = (id: string, p: Partial<MatchAsset>): MatchAsset => ({ id, vendor: null, model: null, serial: null, os: null, firmware: null, cpes: [], services: [], attributes: {}, ...p });
export const fw = (version: string | null) => ({ name: null, version });
export const svc = (port: number, product: string, version: string | null, extra: Record<string, unknown> = {}, service: string | null = null) => ({ transport: 'tcp', port, service, product, version, extra });
