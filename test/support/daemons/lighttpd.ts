// Debian lighttpd on a loopback alias, foreground (-D), config + document root in a temp dir.
// Variants: plain; { tls: true } with a self-signed certificate generated here with openssl (subject
// CN=<cn>, SAN DNS:<cn> and IP:<ip>, valid `certDays`); { basicAuth } protecting "/" with mod_auth.
import { execFileSync } from 'node:child_process';
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { makeTempDir, spawnDaemon, type RunningDaemon } from './process.js';

export const LIGHTTPD_BIN = '/usr/sbin/lighttpd';

export interface LighttpdOptions {
  ip: string;
  port?: number;
  tls?: boolean;
  /** Certificate subject CN (default mamori-test.local). */
  cn?: string;
  certDays?: number;
  basicAuth?: { realm: string; username: string; password: string };
  title?: string;
  /** TLS 1.0 only, legacy ciphers (OpenSSL security level 0): an old embedded web server. */
  tlsLegacy?: boolean;
}

export async function startLighttpd(o: LighttpdOptions): Promise<RunningDaemon & { certPem?: string }> {
  const port = o.port ?? (o.tls ? 443 : 80);
  const dir = makeTempDir('lighttpd');
  const www = join(dir, 'www');
  mkdirSync(www);
  const title = o.title ?? 'mamori test page';
  writeFileSync(join(www, 'index.html'), `<!doctype html><html><head><title>${title}</title></head><body>ok</body></html>\n`);
  const modules = ['mod_access'];
  const conf: string[] = [
    `server.document-root = "${www}"`,
    `server.bind = "${o.ip}"`,
    `server.port = ${port}`,
    `server.errorlog = "${join(dir, 'error.log')}"`,
    'index-file.names = ( "index.html" )',
    'mimetype.assign = ( ".html" => "text/html" )',
  ];
  let certPem: string | undefined;
  if (o.tls) {
    modules.push('mod_openssl');
    const cn = o.cn ?? 'mamori-test.local';
    const pem = join(dir, 'server.pem');
    execFileSync('openssl', [
      'req', '-x509', '-newkey', 'ec', '-pkeyopt', 'ec_paramgen_curve:prime256v1', '-nodes',
      '-keyout', join(dir, 'key.pem'), '-out', join(dir, 'cert.pem'), '-days', String(o.certDays ?? 30),
      '-subj', `/CN=${cn}/O=Mamori Test`, '-addext', `subjectAltName=DNS:${cn},IP:${o.ip}`,
    ], { stdio: 'pipe' });
    execFileSync('sh', ['-c', `cat "${join(dir, 'cert.pem')}" "${join(dir, 'key.pem')}" > "${pem}"`]);
    certPem = execFileSync('cat', [join(dir, 'cert.pem')], { encoding: 'utf8' });
    conf.push('ssl.engine = "enable"', `ssl.pemfile = "${pem}"`);
    if (o.tlsLegacy) {
      conf.push('ssl.openssl.ssl-conf-cmd = ( "MinProtocol" => "TLSv1", "MaxProtocol" => "TLSv1", "CipherString" => "DEFAULT:@SECLEVEL=0" )');
    }
  }
  if (o.basicAuth) {
    modules.push('mod_auth', 'mod_authn_file');
    const users = join(dir, 'users');
    writeFileSync(users, `${o.basicAuth.username}:${o.basicAuth.password}\n`, { mode: 0o600 });
    conf.push(
      'auth.backend = "plain"',
      `auth.backend.plain.userfile = "${users}"`,
      `auth.require = ( "/" => ( "method" => "basic", "realm" => "${o.basicAuth.realm.replace(/"/g, '')}", "require" => "valid-user" ) )`,
    );
  }
  conf.unshift(`server.modules = ( ${modules.map((m) => `"${m}"`).join(', ')} )`);
  const file = join(dir, 'lighttpd.conf');
  writeFileSync(file, conf.join('\n') + '\n');
  execFileSync(LIGHTTPD_BIN, ['-tt', '-f', file], { stdio: 'pipe' });
  const d = await spawnDaemon({ name: 'lighttpd', ip: o.ip, port, dir, cmd: LIGHTTPD_BIN, args: ['-D', '-f', file] });
  return Object.assign(d, certPem ? { certPem } : {});
}
