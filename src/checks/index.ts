// Every check, one line each. Order is the order they run on an asset (cheap passive checks first).
import type { Check } from './types.js';
import { endOfLifeCheck } from './end-of-life/end-of-life.check.js';
import { unnecessaryPortsCheck } from './unnecessary-ports/unnecessary-ports.check.js';
import { smbv1EnabledCheck } from './smbv1-enabled/smbv1-enabled.check.js';
import { ms17010Check } from './ms17-010/ms17-010.check.js';
import { doublepulsarImplantCheck } from './doublepulsar-implant/doublepulsar-implant.check.js';
import { minerApiUnauthenticatedCheck } from './miner-api-unauthenticated/miner-api-unauthenticated.check.js';
import { minerIntegrityCheck } from './miner-integrity/miner-integrity.check.js';
import { defaultCredentialsCheck } from './default-credentials/default-credentials.check.js';
import { anonymousAccessCheck } from './anonymous-access/anonymous-access.check.js';
import { cleartextLoginOtCheck } from './cleartext-login-ot/cleartext-login-ot.check.js';
import { snmpDefaultCommunityCheck } from './snmp-default-community/snmp-default-community.check.js';
import { miraiKillerIndicatorCheck } from './mirai-killer-indicator/mirai-killer-indicator.check.js';

export const checks: readonly Check<any>[] = [
  endOfLifeCheck,
  unnecessaryPortsCheck,
  cleartextLoginOtCheck,
  smbv1EnabledCheck,
  ms17010Check,
  doublepulsarImplantCheck,
  miraiKillerIndicatorCheck,
  minerApiUnauthenticatedCheck,
  minerIntegrityCheck,
  anonymousAccessCheck,
  snmpDefaultCommunityCheck,
  defaultCredentialsCheck,
];

export const checkById = (id: string): Check<any> | undefined => checks.find((c) => c.id === id);
