// Offline-first feed sources: a file, a folder (recursive), a ZIP archive (yauzl, members read with a size cap),
// or a local mirror of a CSAF provider (a folder holding provider-metadata.json: its distributions'
// directory_url are mapped onto the mirror, and each directory's index.txt lists the documents when present).
// OT sites are often air-gapped, so every feed imports from files. Nothing here touches the network.
import { createReadStream, existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { basename, join, relative, resolve } from 'node:path';
import yauzl from 'yauzl';
import { MamoriError } from '../../core/errors.js';

export interface SourceFile {
  /** For messages and provenance: a path, or "archive.zip!member.json". */
  name: string;
  bytes?: Buffer;
  /** Set instead of bytes for files too big to hold (streamed NVD feeds). */
  path?: string;
  size: number;
}

/** Files above this are streamed (NVD-shaped) rather than read whole. */
export const STREAM_THRESHOLD = 64 * 1024 * 1024;
const MAX_ZIP_MEMBER = 256 * 1024 * 1024;
const FEED_EXT = /\.(json|xml|csv|rdf)$/i;

export async function* readSources(paths: readonly string[]): AsyncGenerator<SourceFile> {
  for (const p of paths) {
    if (!existsSync(p)) throw new MamoriError('E_INPUT_INVALID', `${p}: no such file or directory`, { location: { file: p } });
    const st = statSync(p);
    if (st.isDirectory()) yield* readFolder(p);
    else if (/\.zip$/i.test(p)) yield* readZip(p);
    else yield fileSource(p, st.size);
  }
}

function fileSource(p: string, size: number): SourceFile {
  return size > STREAM_THRESHOLD ? { name: p, path: p, size } : { name: p, bytes: readFileSync(p), size };
}

async function* readFolder(dir: string): AsyncGenerator<SourceFile> {
  const meta = join(dir, 'provider-metadata.json');
  if (existsSync(meta)) {
    yield* readProviderMirror(dir, meta);
    return;
  }
  const entries = readdirSync(dir, { withFileTypes: true }).sort((a, b) => a.name.localeCompare(b.name));
  for (const e of entries) {
    const p = join(dir, e.name);
    if (e.isDirectory()) yield* readFolder(p);
    else if (/\.zip$/i.test(e.name)) yield* readZip(p);
    else if (FEED_EXT.test(e.name) && !/schema/i.test(e.name)) yield fileSource(p, statSync(p).size);
  }
}

/** CSAF 2.0 §7.1.20 provider-metadata.json; the mirror keeps the provider's layout below the metadata file. */
async function* readProviderMirror(dir: string, metaPath: string): AsyncGenerator<SourceFile> {
  let meta: { canonical_url?: string; distributions?: { directory_url?: string }[] };
  try {
    meta = JSON.parse(readFileSync(metaPath, 'utf8'));
  } catch (e) {
    throw new MamoriError('E_FEED_FORMAT', `${metaPath}: invalid provider-metadata.json: ${(e as Error).message}`, { location: { file: metaPath } });
  }
  const base = meta.canonical_url ? meta.canonical_url.replace(/provider-metadata\.json$/, '') : '';
  const dirs = (meta.distributions ?? []).map((d) => d.directory_url).filter((u): u is string => !!u);
  const local = dirs.map((u) => (base && u.startsWith(base) ? u.slice(base.length) : u.replace(/^https?:\/\/[^/]+\//, '').replace(/^\.well-known\/csaf\//, '')));
  const roots = local.length ? local.map((l) => resolve(dir, l)) : [dir];
  for (const root of roots) {
    if (!resolve(root).startsWith(resolve(dir))) throw new MamoriError('E_FEED_FORMAT', `${metaPath}: distribution directory ${root} lies outside the mirror`);
    if (!existsSync(root)) throw new MamoriError('E_INPUT_INVALID', `${metaPath}: distribution directory ${relative(dir, root) || '.'} is missing from the mirror`, { location: { file: metaPath } });
    const index = join(root, 'index.txt');
    if (existsSync(index)) {
      for (const line of readFileSync(index, 'utf8').split(/\r?\n/)) {
        const rel = line.trim();
        if (!rel || !rel.endsWith('.json')) continue;
        const p = resolve(root, rel);
        if (!p.startsWith(resolve(root))) continue;
        if (!existsSync(p)) throw new MamoriError('E_INPUT_INVALID', `${index}: lists ${rel}, which is missing from the mirror`, { location: { file: index } });
        yield fileSource(p, statSync(p).size);
      }
    } else {
      for await (const f of readFolder(root)) if (basename(f.name) !== 'provider-metadata.json' && f.name.endsWith('.json')) yield f;
    }
  }
}

function openZip(path: string): Promise<yauzl.ZipFile> {
  return new Promise((res, rej) => yauzl.open(path, { lazyEntries: true, autoClose: true }, (err, z) => (err || !z ? rej(err ?? new Error('cannot open')) : res(z))));
}

async function* readZip(path: string): AsyncGenerator<SourceFile> {
  let zip: yauzl.ZipFile;
  try {
    zip = await openZip(path);
  } catch (e) {
    throw new MamoriError('E_FEED_FORMAT', `${path}: not a readable ZIP archive: ${(e as Error).message}`, { location: { file: path } });
  }
  const members: SourceFile[] = [];
  await new Promise<void>((res, rej) => {
    zip.on('error', rej);
    zip.on('end', () => res());
    zip.on('entry', (entry: yauzl.Entry) => {
      const name = entry.fileName;
      if (name.endsWith('/') || !FEED_EXT.test(name) || /schema/i.test(name)) return zip.readEntry();
      if (entry.uncompressedSize > MAX_ZIP_MEMBER) return rej(new MamoriError('E_FEED_FORMAT', `${path}!${name}: member larger than ${MAX_ZIP_MEMBER} bytes`));
      zip.openReadStream(entry, (err, stream) => {
        if (err || !stream) return rej(err);
        const parts: Buffer[] = [];
        let n = 0;
        stream.on('data', (b: Buffer) => {
          n += b.length;
          if (n > MAX_ZIP_MEMBER) stream.destroy(new Error('member too large'));
          else parts.push(b);
        });
        stream.on('error', rej);
        stream.on('end', () => {
          members.push({ name: `${path}!${name}`, bytes: Buffer.concat(parts), size: n });
          zip.readEntry();
        });
      });
    });
    zip.readEntry();
  }).catch((e) => {
    throw e instanceof MamoriError ? e : new MamoriError('E_FEED_FORMAT', `${path}: broken ZIP archive: ${(e as Error).message}`, { location: { file: path } });
  });
  members.sort((a, b) => a.name.localeCompare(b.name));
  yield* members;
}

export const openStream = (p: string) => createReadStream(p, { highWaterMark: 1024 * 1024 });
