import { copyFileSync, mkdirSync } from 'fs';
import { join } from 'path';
import { classifyAddress } from '../../../../lib/core/addresses';
import { Scenario } from '../context';
import { HA } from '../topologies';

/** nodo1 can also be reached here; sshd listens on 22 and 2222 of every address. */
const NODO1_SECOND_ADDRESS = '198.18.42.33';
/** What a connection change must not touch (lib/core/addresses.ts kinds); an address no kind knows counts too. */
const K3S_KINDS = new Set(['node-install', 'node-upgrade', 'kubeconfig-fetch', 'kubeconfig', 'cluster-token', 'agent-token', 'unknown']);

/** Connection details change (the same key at another path for every node; nodo1 at another address and port): nothing of K3s changes. */
export const scenario: Scenario = {
  name: 'connection-change',
  topology: HA,
  addresses: { nodo1: [NODO1_SECOND_ADDRESS] },
  steps(ctx) {
    const problems: string[] = [];
    const { run } = ctx;
    const altKey = join(ctx.scratch, 'keys/moved/id_ed25519');
    mkdirSync(join(ctx.scratch, 'keys/moved'), { recursive: true, mode: 0o700 });
    copyFileSync(join(ctx.scratch, 'id_ed25519'), altKey);
    const mark = ctx.mark();
    const idsBefore = ctx.etcdPicture();
    run.writeSettings(run.version, { keyPath: altKey, connection: { [ctx.agents[0]]: { ip: NODO1_SECOND_ADDRESS, port: 2222 } } });
    const p = run.tf(['plan', '-input=false', '-out', 'connection.tfplan']);
    const planned = p.status === 0 ? run.plannedChanges('connection.tfplan') : [`plan failed: ${p.stderr.slice(-500)}`];
    const a = run.tf(['apply', '-auto-approve', '-input=false', 'connection.tfplan']);
    const cs = ctx.callsSince(mark);
    const idsAfter = ctx.etcdPicture();
    // Node IPs feed the monitoring values (scrape targets), so the chart may update; nothing of K3s may.
    const k3sChanges = planned.filter((c) => K3S_KINDS.has(classifyAddress(c.split(' ')[0])?.kind ?? 'unknown') || c.startsWith('plan failed'));
    if (k3sChanges.length) problems.push(`planned changes: ${k3sChanges.join(', ')}`);
    if (a.status !== 0) problems.push(`apply failed: ${a.stderr.slice(-500)}`);
    if (cs.some((c) => c.kind === 'uninstall' || c.kind === 'install-start')) problems.push(`ran on the nodes: ${cs.map((c) => c.kind + ' ' + (c.fields.node ?? '')).join(', ')}`);
    if (JSON.stringify(idsAfter.byServer) !== JSON.stringify(idsBefore.byServer)) problems.push(`etcd member IDs changed: ${JSON.stringify(idsBefore.byServer)} -> ${JSON.stringify(idsAfter.byServer)}`);
    return problems;
  },
};
