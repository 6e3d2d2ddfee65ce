// Modbus public function codes as data (Modbus Application Protocol V1.1b3 §6), with the property
// mamori cares about: does the request change the device? Probes only ever send 0x2B/0x0E (Read
// Device Identification); the table lets emulators, proxies and tests flag anything else.

export interface FunctionCodeInfo {
  name: string;
  /** Changes outputs, registers, files or the device's state (diagnostics can restart comms). */
  write: boolean;
}

export const FUNCTION_CODES: Readonly<Record<number, FunctionCodeInfo>> = {
  0x01: { name: 'Read Coils', write: false },
  0x02: { name: 'Read Discrete Inputs', write: false },
  0x03: { name: 'Read Holding Registers', write: false },
  0x04: { name: 'Read Input Registers', write: false },
  0x05: { name: 'Write Single Coil', write: true },
  0x06: { name: 'Write Single Register', write: true },
  0x07: { name: 'Read Exception Status', write: false },
  0x08: { name: 'Diagnostics', write: true },
  0x0b: { name: 'Get Comm Event Counter', write: false },
  0x0c: { name: 'Get Comm Event Log', write: false },
  0x0f: { name: 'Write Multiple Coils', write: true },
  0x10: { name: 'Write Multiple Registers', write: true },
  0x11: { name: 'Report Server ID', write: false },
  0x14: { name: 'Read File Record', write: false },
  0x15: { name: 'Write File Record', write: true },
  0x16: { name: 'Mask Write Register', write: true },
  0x17: { name: 'Read/Write Multiple Registers', write: true },
  0x18: { name: 'Read FIFO Queue', write: false },
  0x2b: { name: 'Encapsulated Interface Transport', write: false },
  // Schneider UMAS rides on 0x5A and includes start/stop/download: never sent, always flagged.
  0x5a: { name: 'UMAS (Schneider, vendor-specific)', write: true },
};

/** Unknown codes count as writes: a proxy proving "read-only" must not give them the benefit of the doubt. */
export const isWriteFunctionCode = (fc: number): boolean => FUNCTION_CODES[fc & 0x7f]?.write ?? true;

/** MEI type 0x0E of function 0x2B. */
export const MEI_READ_DEVICE_ID = 0x0e;

export const EXCEPTION_CODES: Readonly<Record<number, string>> = {
  0x01: 'Illegal Function',
  0x02: 'Illegal Data Address',
  0x03: 'Illegal Data Value',
  0x04: 'Server Device Failure',
  0x05: 'Acknowledge',
  0x06: 'Server Device Busy',
  0x08: 'Memory Parity Error',
  0x0a: 'Gateway Path Unavailable',
  0x0b: 'Gateway Target Device Failed to Respond',
};
