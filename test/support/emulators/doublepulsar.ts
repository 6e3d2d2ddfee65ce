// EMULATOR (not malware): a Windows host carrying the DoublePulsar SMB implant, for the infection-indicator
// check. It answers the ping (TRANS2_SESSION_SETUP, opcode 0x23) with Multiplex ID + 16 and a XOR key in the
// Signature field (detection-techniques.md §4.3), and does nothing else with any other opcode.
import { startSmb1Emulator, type Smb1Emulator } from './smb1-ms17-010.js';

export const startDoublePulsarEmulator = (host: string, opts: { nullSession?: boolean } = {}): Promise<Smb1Emulator> =>
  startSmb1Emulator({ host, vulnerable: true, implant: true, ...opts });
