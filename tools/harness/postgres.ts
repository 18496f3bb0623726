/**
 * A throwaway PostgreSQL server for the backend tests: Debian's server
 * binaries (tools/harness/ensure-postgres.sh), a fresh cluster in a
 * temporary directory, listening only on a Unix socket there (no TCP at
 * all), stopped and deleted by `stop()`. As root it runs as the `postgres`
 * user (initdb refuses root).
 */
import { spawnSync } from 'child_process';
import { chmodSync, chownSync, mkdirSync, mkdtempSync, rmSync } from 'fs';
import { join } from 'path';
import { repoRoot } from '../../lib/core/repo-root';

export interface Postgres {
  /** For OpenTofu's pg backend: export PG_CONN_STR (lib/pq keyword form; host is the socket directory). */
  readonly connStr: string;
  /** Runs SQL with psql as the superuser; returns its unaligned, tuples-only output. */
  psql(sql: string): string;
  stop(): void;
}

function run(cmd: string, args: string[], asPostgres: boolean): { status: number | null; out: string } {
  const argv = asPostgres ? ['runuser', '-u', 'postgres', '--', cmd, ...args] : [cmd, ...args];
  const r = spawnSync(argv[0], argv.slice(1), { encoding: 'utf8' });
  if (r.error) throw new Error(`cannot run ${argv[0]}: ${r.error.message}`);
  return { status: r.status, out: `${r.stdout}${r.stderr}` };
}

export function startPostgres(): Postgres {
  const ensure = spawnSync('bash', [join(repoRoot(), 'tools/harness/ensure-postgres.sh')], { encoding: 'utf8' });
  if (ensure.status !== 0) throw new Error(ensure.stderr.trim());
  const bin = ensure.stdout.trim();
  const root = process.getuid?.() === 0;
  const dir = mkdtempSync('/var/tmp/k3s-pg-');
  const data = join(dir, 'data');
  const socket = join(dir, 'socket');
  mkdirSync(socket);
  if (root) {
    const id = spawnSync('id', ['-u', 'postgres'], { encoding: 'utf8' });
    const gid = spawnSync('id', ['-g', 'postgres'], { encoding: 'utf8' });
    if (id.status !== 0) throw new Error('the postgres user is missing (Debian package postgresql-common creates it)');
    for (const d of [dir, socket]) chownSync(d, Number(id.stdout), Number(gid.stdout));
    chmodSync(dir, 0o700);
  }
  const fail = (what: string, out: string) => {
    rmSync(dir, { recursive: true, force: true });
    throw new Error(`${what} failed:\n${out}`);
  };
  const init = run(join(bin, 'initdb'), ['-D', data, '-U', 'postgres', '-A', 'trust', '--no-sync', '-E', 'UTF8'], root);
  if (init.status !== 0) fail('initdb', init.out);
  // listen_addresses='': the Unix socket only.
  const start = run(join(bin, 'pg_ctl'), ['-D', data, '-w', '-l', join(dir, 'server.log'), '-o', `-c listen_addresses= -k ${socket} -c fsync=off`, 'start'], root);
  if (start.status !== 0) fail('pg_ctl start', start.out);
  return {
    connStr: `host=${socket} user=postgres dbname=postgres sslmode=disable`,
    psql(sql: string): string {
      const r = spawnSync('psql', ['-h', socket, '-U', 'postgres', '-d', 'postgres', '-At', '-v', 'ON_ERROR_STOP=1', '-c', sql], { encoding: 'utf8' });
      if (r.status !== 0) throw new Error(`psql failed: ${r.stderr}`);
      return r.stdout;
    },
    stop(): void {
      run(join(bin, 'pg_ctl'), ['-D', data, '-w', '-m', 'immediate', 'stop'], root);
      rmSync(dir, { recursive: true, force: true });
    },
  };
}
