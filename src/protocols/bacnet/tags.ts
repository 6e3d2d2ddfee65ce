// BACnet tagged encoding (ASHRAE 135 clause 20.2): a tag byte `NNNN C LLL` — tag number (15 = extended
// in the next byte), class (0 application, 1 context), length/value/type (5 = extended length in the
// next 1/2/4 bytes; for context tags 6/7 = opening/closing). Application tags used here: 1 boolean,
// 2 unsigned, 3 signed, 4 real, 7 character string, 9 enumerated, 12 object identifier. Pure.

export interface Tag {
  number: number;
  context: boolean;
  opening: boolean;
  closing: boolean;
  /** Length of the value (for application boolean: the value itself). */
  length: number;
  headerLength: number;
}

export function decodeTag(b: Buffer, at: number): Tag | null {
  const first = b[at];
  if (first === undefined) return null;
  let h = 1;
  let number = first >> 4;
  if (number === 15) {
    const ext = b[at + 1];
    if (ext === undefined) return null;
    number = ext;
    h += 1;
  }
  const context = (first & 0x08) !== 0;
  const lvt = first & 0x07;
  if (context && (lvt === 6 || lvt === 7)) return { number, context, opening: lvt === 6, closing: lvt === 7, length: 0, headerLength: h };
  let length = lvt;
  if (lvt === 5) {
    const l1 = b[at + h];
    if (l1 === undefined) return null;
    h += 1;
    if (l1 < 254) length = l1;
    else if (l1 === 254) {
      if (at + h + 2 > b.length) return null;
      length = b.readUInt16BE(at + h);
      h += 2;
    } else {
      if (at + h + 4 > b.length) return null;
      length = b.readUInt32BE(at + h);
      h += 4;
    }
  }
  const valueLen = !context && number === 1 ? 0 : length;
  if (at + h + valueLen > b.length) return null;
  return { number, context, opening: false, closing: false, length, headerLength: h };
}

export const readUnsigned = (b: Buffer): number => {
  let v = 0;
  for (const x of b.subarray(0, 6)) v = v * 256 + x;
  return v;
};

/** Character string: first byte is the character set (0 UTF-8, 4 UCS-2 BE, 5 ISO 8859-1, 3 UCS-4). */
export function decodeCharacterString(b: Buffer): string | null {
  if (b.length < 1) return null;
  const set = b[0];
  const body = b.subarray(1);
  let s: string;
  if (set === 0) s = body.toString('utf8');
  else if (set === 5) s = body.toString('latin1');
  else if (set === 4) {
    if (body.length % 2) return null;
    s = Buffer.from(body).swap16().toString('utf16le');
  } else if (set === 3) {
    if (body.length % 4) return null;
    s = Array.from({ length: body.length / 4 }, (_, i) => String.fromCodePoint(Math.min(body.readUInt32BE(i * 4), 0x10ffff))).join('');
  } else return null;
  return s.replace(/[\0-\x1f\x7f]/g, '').trim();
}

export type AppValue =
  | { type: 'boolean'; value: boolean }
  | { type: 'unsigned' | 'enumerated'; value: number }
  | { type: 'signed'; value: number }
  | { type: 'real'; value: number }
  | { type: 'string'; value: string }
  | { type: 'object'; objectType: number; instance: number }
  | { type: 'other'; tag: number; hex: string };

export function decodeAppValue(b: Buffer, at: number): { value: AppValue; next: number } | null {
  const t = decodeTag(b, at);
  if (!t || t.context) return null;
  const start = at + t.headerLength;
  const v = b.subarray(start, start + (t.number === 1 ? 0 : t.length));
  const next = start + v.length;
  switch (t.number) {
    case 1:
      return { value: { type: 'boolean', value: t.length === 1 }, next };
    case 2:
      return { value: { type: 'unsigned', value: readUnsigned(v) }, next };
    case 9:
      return { value: { type: 'enumerated', value: readUnsigned(v) }, next };
    case 3:
      return v.length >= 1 && v.length <= 4 ? { value: { type: 'signed', value: v.readIntBE(0, v.length) }, next } : null;
    case 4:
      return v.length === 4 ? { value: { type: 'real', value: v.readFloatBE(0) }, next } : null;
    case 7: {
      const s = decodeCharacterString(v);
      return s === null ? null : { value: { type: 'string', value: s.slice(0, 256) }, next };
    }
    case 12:
      return v.length === 4 ? { value: { type: 'object', objectType: v.readUInt32BE(0) >>> 22, instance: v.readUInt32BE(0) & 0x3fffff }, next } : null;
    default:
      return { value: { type: 'other', tag: t.number, hex: v.subarray(0, 32).toString('hex') }, next };
  }
}

/** Application-tagged encoders (emulators, fixtures). */
export const encodeUnsignedApp = (tag: number, n: number): Buffer => {
  const bytes: number[] = [];
  let x = n;
  do {
    bytes.unshift(x & 0xff);
    x = Math.floor(x / 256);
  } while (x > 0);
  return Buffer.from([(tag << 4) | bytes.length, ...bytes]);
};

export function encodeCharacterStringApp(s: string, charset: 0 | 4 = 0): Buffer {
  const body = charset === 4 ? Buffer.from(s, 'utf16le').swap16() : Buffer.from(s, 'utf8');
  const len = body.length + 1;
  const head = len < 5 ? Buffer.from([0x70 | len]) : len < 254 ? Buffer.from([0x75, len]) : Buffer.from([0x75, 254, (len >> 8) & 0xff, len & 0xff]);
  return Buffer.concat([head, Buffer.from([charset]), body]);
}

export const encodeObjectId = (objectType: number, instance: number): Buffer => {
  const b = Buffer.alloc(4);
  b.writeUInt32BE(((objectType & 0x3ff) << 22) | (instance & 0x3fffff));
  return b;
};
