// busybox-static telnetd on a loopback alias, foreground (-F), with a small login program of our own
// (-l) instead of /bin/login: it prints a banner and "login:", checks user:password against a file in the
// temp dir and, on success, gives a fake "# " prompt that answers every command with "not found".
// No real account, no real shell.
import { chmodSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { makeTempDir, spawnDaemon, type RunningDaemon } from './process.js';

export const BUSYBOX_BIN = '/usr/bin/busybox';

export interface TelnetdOptions {
  ip: string;
  port?: number;
  /** Printed before the login prompt (default: a Debian-looking one-liner). */
  banner?: string;
  users?: { username: string; password: string }[];
}

const shQuote = (s: string) => `'${s.replace(/'/g, `'\\''`)}'`;

export async function startTelnetd(o: TelnetdOptions): Promise<RunningDaemon> {
  const port = o.port ?? 23;
  const dir = makeTempDir('telnetd');
  chmodSync(dir, 0o755);
  const users = join(dir, 'users');
  writeFileSync(users, (o.users ?? []).map((u) => `${u.username}:${u.password}`).join('\n') + '\n', { mode: 0o600 });
  const login = join(dir, 'login.sh');
  writeFileSync(
    login,
    `#!/bin/sh
# mamori test login program (test/support/daemons/telnetd.ts): not a real login.
printf '%s\\n' ${shQuote(o.banner ?? 'Debian GNU/Linux 12 mamori-telnet')}
tries=0
while [ "$tries" -lt 3 ]; do
  printf 'login: '
  IFS= read -r user || exit 0
  printf 'Password: '
  stty -echo 2>/dev/null
  IFS= read -r pass || exit 0
  stty echo 2>/dev/null
  printf '\\n'
  user=$(printf '%s' "$user" | tr -d '\\r')
  pass=$(printf '%s' "$pass" | tr -d '\\r')
  if [ -n "$user" ] && grep -qxF -- "$user:$pass" ${shQuote(users)}; then
    printf 'BusyBox v1.35.0 built-in shell (ash)\\n# '
    while IFS= read -r cmd; do
      cmd=$(printf '%s' "$cmd" | tr -d '\\r')
      [ "$cmd" = exit ] && exit 0
      printf 'sh: %s: not found\\n# ' "$cmd"
    done
    exit 0
  fi
  printf 'Login incorrect\\n'
  tries=$((tries + 1))
done
`,
  );
  chmodSync(login, 0o755);
  return spawnDaemon({ name: 'telnetd', ip: o.ip, port, dir, cmd: BUSYBOX_BIN, args: ['telnetd', '-F', '-b', `${o.ip}:${port}`, '-l', login] });
}
