// CIP vendor ids and device types as data. Vendor ids are assigned by ODVA; this is a curated subset
// of common automation vendors, cross-checked against the ODVA-derived table in Wireshark's CIP
// dissector (packet-cip.c) and nmap's enip-info.nse. Unknown ids stay numeric.

/** id → [full registry name, short vendor name for the inventory]. */
export const CIP_VENDORS: Readonly<Record<number, readonly [string, string]>> = {
  1: ['Rockwell Automation/Allen-Bradley', 'Rockwell Automation'],
  44: ['Yaskawa Electric America, Inc.', 'Yaskawa'],
  46: ['ABB Industrial Systems', 'ABB'],
  47: ['Omron Corporation', 'Omron'],
  57: ['Pepperl + Fuchs', 'Pepperl+Fuchs'],
  68: ['Eaton Electrical', 'Eaton'],
  82: ['Mitsubishi Electric Automation, Inc.', 'Mitsubishi Electric'],
  83: ['OPTO-22', 'Opto 22'],
  90: ['HMS Industrial Networks AB', 'HMS'],
  94: ['Advantech Co. Ltd.', 'Advantech'],
  108: ['Beckhoff Automation GmbH', 'Beckhoff'],
  109: ['National Instruments', 'National Instruments'],
  145: ['Siemens Energy & Automation/Drives', 'Siemens'],
  161: ['Mitsubishi Electric Corporation', 'Mitsubishi Electric'],
  176: ['Red Lion Controls', 'Red Lion'],
  181: ['Pilz GmbH & Co', 'Pilz'],
  243: ['Schneider Automation, Inc.', 'Schneider Electric'],
  250: ['Yokogawa Electric Corporation', 'Yokogawa'],
  255: ['Bosch Rexroth', 'Bosch Rexroth'],
  283: ['Hilscher GmbH', 'Hilscher'],
  309: ['Prosoft Technology', 'ProSoft Technology'],
  315: ['SEW Eurodrive GmbH', 'SEW-Eurodrive'],
  319: ['Fuji Electric Co., Ltd.', 'Fuji Electric'],
  326: ['GE Fanuc Automation North America, Inc.', 'GE Fanuc'],
  345: ['Endress + Hauser', 'Endress+Hauser'],
  356: ['Fanuc Robotics America', 'Fanuc'],
  367: ['Keyence Corporation', 'Keyence'],
};

export const vendorName = (id: number): string | null => CIP_VENDORS[id]?.[0] ?? null;
export const vendorShortName = (id: number): string | null => CIP_VENDORS[id]?.[1] ?? null;

/** CIP device profiles (CIP Vol. 1 ch. 6) → name and the inventory kind it implies. */
export const CIP_DEVICE_TYPES: Readonly<Record<number, readonly [string, string | null]>> = {
  0x00: ['Generic Device', null],
  0x02: ['AC Drive', 'drive'],
  0x03: ['Motor Overload', null],
  0x04: ['Limit Switch', null],
  0x05: ['Inductive Proximity Switch', 'iot-sensor'],
  0x06: ['Photoelectric Sensor', 'iot-sensor'],
  0x07: ['General Purpose Discrete I/O', 'rtu'],
  0x0c: ['Communications Adapter', 'ot-gateway'],
  0x0e: ['Programmable Logic Controller', 'plc'],
  0x10: ['Position Controller', null],
  0x13: ['DC Drive', 'drive'],
  0x15: ['Contactor', null],
  0x16: ['Motor Starter', null],
  0x17: ['Soft Start', null],
  0x18: ['Human-Machine Interface', 'hmi'],
  0x1a: ['Mass Flow Controller', null],
  0x1b: ['Pneumatic Valve', null],
  0x25: ['CIP Motion Drive', 'drive'],
  0x2b: ['Generic Device (keyable)', null],
  0x2c: ['Managed Switch', 'switch'],
};

export const deviceTypeName = (t: number): string | null => CIP_DEVICE_TYPES[t]?.[0] ?? null;
export const deviceKind = (t: number): string | null => CIP_DEVICE_TYPES[t]?.[1] ?? null;
