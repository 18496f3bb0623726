/**
 * `npm run e2e` (root): applies the SSH stacks for real to test hosts and
 * checks what a user relies on. Hosts are network namespaces running sshd
 * (e2e/hosts.sh); K3s is a double (e2e/fake-k3s-install.sh) selected through
 * the settings' installer switch, running a real etcd member on every
 * server host; helm/kubernetes/local/random/null are the stub providers;
 * Terraform runs the provisioners.
 *
 * Each topology (e2e/topologies.ts) is applied from empty state, checked,
 * then its scenarios (e2e/scenarios/, one file each, in the order of
 * scenarios/index.ts) print one line each: `ok scenario <name>` or
 * `FAIL scenario <name>: <why>`. The last line is the apply ratio.
 *
 *   E2E_SCENARIOS=a,b   only these scenarios (and those they require), on a fresh apply of their topology;
 *                       the closing checks (a server down, destroy) only with E2E_TEARDOWN=1
 *   E2E_ONLY=<stack>    only the topologies of this stack, with all their scenarios
 */
import { spawnSync } from 'child_process';
import { copyFileSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'fs';
import { join } from 'path';
import { check, Etcd, failures, HOSTS, INSTALL_SECONDS, ROOT, Scenario, sh, stopStubProviders, Topology } from './e2e/context';
import { blocksFor } from './e2e/docs';
import { runTopology } from './e2e/lifecycle';
import { SCENARIOS } from './e2e/scenarios';
import { TOPOLOGIES } from './e2e/topologies';

/** What this run covers: topologies in order, each with its scenarios in order. */
export function selectRuns(all: readonly Scenario[], topologies: readonly Topology[], env: NodeJS.ProcessEnv = process.env): { topology: Topology; scenarios: Scenario[]; teardown: boolean; applyBy?: Scenario }[] {
  const byName = new Map(all.map((s) => [s.name, s]));
  let chosen: Set<string>;
  const selection = env.E2E_SCENARIOS?.split(',').map((s) => s.trim()).filter(Boolean);
  if (selection?.length) {
    chosen = new Set();
    const add = (name: string) => {
      const s = byName.get(name);
      if (!s) throw new Error(`E2E_SCENARIOS: no scenario ${name} (scenarios: ${all.map((x) => x.name).join(', ')})`);
      if (chosen.has(name)) return;
      for (const r of s.requires ?? []) add(r);
      chosen.add(name);
    };
    selection.forEach(add);
  } else chosen = new Set(all.map((s) => s.name));
  const order = [...topologies, ...all.map((s) => s.topology).filter((t) => !topologies.includes(t))]
    .filter((t, i, ts) => ts.indexOf(t) === i)
    .filter((t) => !env.E2E_ONLY || t.stack === env.E2E_ONLY);
  const full = !selection?.length;
  return order
    .map((topology) => ({
      topology,
      scenarios: all.filter((s) => s.topology === topology && chosen.has(s.name)),
      teardown: full || env.E2E_TEARDOWN === '1',
      applyBy: all.find((s) => s.topology === topology && s.baseApply),
    }))
    .filter((r) => full || r.scenarios.length > 0);
}

/** hosts.sh specs (`<name>=<ip>[+<ip>...]`) for the test hosts of these runs. */
export function hostSpecs(runs: ReturnType<typeof selectRuns>): string[] {
  const specs = new Map<string, string[]>();
  const add = (name: string, ips: readonly string[]) => {
    const have = specs.get(name) ?? [];
    specs.set(name, [...have, ...ips.filter((ip) => !have.includes(ip))]);
  };
  for (const { topology, scenarios } of runs) {
    for (const [n, ip] of [...topology.servers, ...topology.agents, ...(topology.laterNodes ?? [])]) add(`${topology.hostPrefix}${n}`, [ip]);
    for (const s of scenarios) {
      for (const [n, ips] of Object.entries(s.addresses ?? {})) {
        if (!specs.has(`${topology.hostPrefix}${n}`)) throw new Error(`scenario ${s.name}: no node ${n} in topology ${topology.name}`);
        add(`${topology.hostPrefix}${n}`, ips);
      }
      for (const h of s.hosts ?? []) add(h.name, [h.ip, ...(h.extraIps ?? [])]);
    }
  }
  const ips = [...specs.values()].flat();
  const dup = ips.find((ip, i) => ips.indexOf(ip) !== i);
  if (dup) throw new Error(`test host address ${dup} is declared twice`);
  return [...specs].map(([n, a]) => `${n}=${a.join('+')}`);
}

async function main(): Promise<void> {
  if (process.getuid?.() !== 0) throw new Error('npm run e2e needs root (network namespaces, sshd); CI runs as root');
  for (const [cmd, pkg] of [['ssh', 'openssh-client'], ['/usr/sbin/sshd', 'openssh-server'], ['ip', 'iproute2'], ['unshare', 'util-linux'], ['openssl', 'openssl'], ['curl', 'curl']]) {
    if (spawnSync('bash', ['-c', `command -v ${cmd}`]).status !== 0) throw new Error(`${cmd} is missing: install the Debian package ${pkg}`);
  }
  const runs = selectRuns(SCENARIOS, TOPOLOGIES);
  const etcdBin = sh('bash', [join(ROOT, 'tools/harness/e2e/ensure-etcd.sh')]).stdout.trim();
  const etcd = new Etcd(etcdBin);
  // Outside /tmp: the test hosts mount an empty tmpfs over /tmp.
  mkdirSync('/var/tmp', { recursive: true });
  const scratch = mkdtempSync('/var/tmp/k3s-e2e-');
  const cleanup = () => {
    stopStubProviders();
    spawnSync('bash', [HOSTS, 'down', scratch]);
  };
  for (const signal of ['SIGINT', 'SIGTERM'] as const) process.on(signal, () => { cleanup(); process.exit(130); });
  try {
    sh('ssh-keygen', ['-q', '-t', 'ed25519', '-N', '', '-f', join(scratch, 'id_ed25519')]);
    copyFileSync(join(scratch, 'id_ed25519.pub'), join(scratch, 'authorized_keys'));
    mkdirSync(join(scratch, 'recorder'), { recursive: true });
    writeFileSync(join(scratch, 'recorder/install-seconds'), String(INSTALL_SECONDS));
    writeFileSync(join(scratch, 'recorder/etcd-bin'), etcdBin);
    // Kubernetes' node-monitor grace period (40 s) and K3s's member removal delay, shortened; an
    // apply right after a server dies still runs inside the grace period, as it would with K3s.
    writeFileSync(join(scratch, 'recorder/node-grace-seconds'), process.env.E2E_NODE_GRACE_SECONDS ?? '30');
    writeFileSync(join(scratch, 'recorder/member-removal-seconds'), '2');
    const specs = hostSpecs(runs);
    sh('bash', [HOSTS, 'up', scratch, ...specs]);
    console.log(`test hosts up: ${specs.join(' ')}`);
    let measured: { servers: number; seconds: number } | undefined;
    const docsRan = new Set<string>();
    for (const { topology, scenarios, teardown, applyBy } of runs) {
      const { seconds, docs } = await runTopology(scratch, topology, scenarios, etcd, { teardown, applyBy }).finally(stopStubProviders);
      docs.forEach((d) => docsRan.add(d));
      if (topology.measured || !measured) measured = { servers: topology.servers.length, seconds };
    }
    // Every docs block marked `e2e <scenario>` for a scenario that ran was run verbatim by it (or by its topology's base apply).
    const ran = runs.flatMap((r) => [...r.scenarios, ...(r.applyBy ? [r.applyBy] : [])].map((s) => s.name));
    const missed = [...new Set(ran)].flatMap((s) => blocksFor(s).map((b) => `${b.page}:${b.line}`).filter((w) => !docsRan.has(w)).map((w) => `${w} (e2e ${s})`));
    check('every docs block marked for a scenario that ran was run verbatim', missed.length === 0, missed.join('\n'));
    console.log(`\n${failures() === 0 ? 'all e2e checks passed' : `${failures()} e2e check(s) FAILED`}`);
    if (measured) {
      const critical = measured.servers * INSTALL_SECONDS + INSTALL_SECONDS;
      console.log(`apply ${measured.seconds.toFixed(1)} s vs critical path ${critical} s: ratio ${(measured.seconds / critical).toFixed(2)}`);
    }
  } finally {
    cleanup();
    rmSync(scratch, { recursive: true, force: true });
  }
  if (failures()) process.exit(1);
}

if (require.main === module) {
  main().catch((err: unknown) => {
    console.error(`e2e: ${err instanceof Error ? err.message : String(err)}`);
    process.exit(1);
  });
}
