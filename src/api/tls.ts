// Optional TLS with a user-supplied certificate: config.server.tlsCert / tlsKey (or MAMORI_TLS_CERT /
// MAMORI_TLS_KEY) name PEM files. Both or neither; an unreadable file is a config error naming it.
import { readFileSync } from 'node:fs';
import { MamoriError } from '../core/errors.js';
import type { Config } from '../config/config.js';

export function tlsOptions(config: Config): { cert: Buffer; key: Buffer } | null {
  const { tlsCert, tlsKey } = config.server;
  if (!tlsCert && !tlsKey) return null;
  if (!tlsCert || !tlsKey) {
    throw new MamoriError('E_CONFIG_INVALID', `server.tlsCert and server.tlsKey must be set together (got only ${tlsCert ? 'tlsCert' : 'tlsKey'})`);
  }
  const read = (file: string, field: string) => {
    try {
      return readFileSync(file);
    } catch (e) {
      throw new MamoriError('E_CONFIG_INVALID', `server.${field}: cannot read ${file}: ${(e as Error).message}`, { location: { file } });
    }
  };
  return { cert: read(tlsCert, 'tlsCert'), key: read(tlsKey, 'tlsKey') };
}
