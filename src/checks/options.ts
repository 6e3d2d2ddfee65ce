// Per-check options from the user's home and environment (the CLI and API pass these to runChecks):
// the port policy file, the XMRig token, the credential-attempt cap.
import { join } from 'node:path';

export function checkOptionsFromHome(home: string, env: NodeJS.ProcessEnv = process.env, extra: { maxAttempts?: number } = {}): Record<string, unknown> {
  const xmrig = env.MAMORI_XMRIG_TOKEN ? { xmrigToken: env.MAMORI_XMRIG_TOKEN } : {};
  return {
    'unnecessary-ports': { policyFile: join(home, 'policies', 'ports.json') },
    'miner-api-unauthenticated': xmrig,
    'miner-integrity': xmrig,
    'default-credentials': {
      ...(extra.maxAttempts !== undefined ? { maxAttempts: extra.maxAttempts } : {}),
      vendorFile: join(home, 'credentials', 'vendor-defaults.json'),
    },
  };
}
