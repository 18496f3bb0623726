/**
 * `npm run doctor -- k3s-homelab --onboarding <node>`: seed 002's
 * validation of a node joining k3s1's cluster ("Validation": pre-, during-
 * and post-onboarding), through the Kubernetes API only.
 *
 * - pre: the API answers, the server is Ready, Flux's controllers and
 *   Longhorn's pods run;
 * - during: the node is in the cluster, Ready, on the server's K3s version,
 *   with its settings' labels; its Longhorn node is Ready and schedulable
 *   with the settings' disks; Flux's Kustomizations and HelmReleases are ready;
 * - post: a test PVC of the `longhorn` StorageClass (2 replicas, seed 002)
 *   must get one replica on the server and one on the node; the PVC is
 *   deleted afterwards whatever happened (Longhorn then deletes the volume).
 *
 * The only writes of the doctor are that PVC's creation and deletion.
 */
import type { HomelabSettings } from '../../lib/settings';
import { CheckResult, CommandResult, DoctorTarget, fluxCheck, Problem, skipped } from './checks';
import type { Runner } from './runner';

/** The StorageClass seed 002's Longhorn creates (persistence.defaultClassReplicaCount: 2). */
export const TEST_STORAGE_CLASS = 'longhorn';
export const testPvcName = (node: string) => `doctor-onboarding-${node}`;

export interface OnboardingOptions {
  /** How long the test PVC may take to bind and get its replicas scheduled. @default 180 */
  readonly timeoutSeconds?: number;
  /** Pause between polls. @default 3 */
  readonly pollSeconds?: number;
}

const check = (name: string, problems: Problem[], okDetail: string): CheckResult => ({
  name, status: problems.length ? 'problem' : 'ok', detail: problems.length ? `${problems.length} problem(s)` : okDetail, problems,
});

const sleep = (seconds: number) => Atomics.wait(new Int32Array(new SharedArrayBuffer(4)), 0, 0, seconds * 1000);

const parse = <T>(r: CommandResult): T | undefined => {
  if (r.code !== 0) return undefined;
  try {
    return JSON.parse(r.stdout) as T;
  } catch {
    return undefined;
  }
};

interface K8sNode { metadata: { name: string; labels?: Record<string, string> }; status: { conditions?: { type: string; status: string }[]; nodeInfo?: { kubeletVersion?: string } } }
interface PodList { items: { metadata: { name: string }; status: { phase?: string; containerStatuses?: { ready: boolean }[] } }[] }
interface DeploymentList { items: { metadata: { name: string }; spec: { replicas?: number }; status: { readyReplicas?: number } }[] }
interface LonghornNode { spec: { disks?: Record<string, { path: string; allowScheduling?: boolean }> }; status?: { conditions?: { type: string; status: string; message?: string }[] } }
interface ReplicaList { items: { spec: { nodeID?: string } }[] }

const isReady = (n: K8sNode) => n.status.conditions?.some((c) => c.type === 'Ready' && c.status === 'True') ?? false;

export function onboardingChecks(t: DoctorTarget, s: HomelabSettings, node: string, run: Runner, _root: string, opts: OnboardingOptions = {}): CheckResult[] {
  const kc = `kubectl --kubeconfig ${t.kubeconfig}`;
  const settingsNode = s.nodes.find((n) => n.hostname === node);
  if (!settingsNode) throw new Error(`--onboarding ${node}: not a node of k3s-homelab's settings (${s.nodes.map((n) => n.hostname).join(', ') || 'none'})`);
  const server = s.server.hostname;
  const checks: CheckResult[] = [];

  // Pre-onboarding.
  const api = run.kubectl(['get', '--raw', '/readyz']);
  checks.push(check('pre: api', api.code === 0 ? [] : [{ message: `the API does not answer: ${api.stderr.trim().split('\n')[0]}`, next: `check ${t.kubeconfig} (kubeconfig_path) names k3s1's address` }], 'the API server answers'));
  if (api.code !== 0) return checks;
  const nodes = parse<{ items: K8sNode[] }>(run.kubectl(['get', 'nodes', '-o', 'json']))?.items ?? [];
  const serverNode = nodes.find((n) => n.metadata.name === server);
  checks.push(check('pre: server', serverNode && isReady(serverNode) ? [] : [{ message: `${server} is not Ready`, next: `${kc} describe node ${server}` }], `${server} Ready, ${serverNode?.status.nodeInfo?.kubeletVersion ?? ''}`));

  const flux = parse<DeploymentList>(run.kubectl(['-n', 'flux-system', 'get', 'deployments', '-o', 'json']))?.items ?? [];
  const fluxDown = flux.filter((d) => (d.status.readyReplicas ?? 0) < (d.spec.replicas ?? 1));
  checks.push(check('pre: flux', flux.length === 0
    ? [{ message: 'no Flux controller in flux-system', next: `${kc} -n flux-system get all   (the flux2 release installs them)` }]
    : fluxDown.map((d) => ({ message: `Flux controller ${d.metadata.name} is not ready`, next: `${kc} -n flux-system describe deployment ${d.metadata.name}` })), `${flux.length} controller(s) ready`));

  const pods = parse<PodList>(run.kubectl(['-n', 'longhorn-system', 'get', 'pods', '-o', 'json']))?.items ?? [];
  const podsDown = pods.filter((p) => p.status.phase !== 'Succeeded' && (p.status.phase !== 'Running' || !(p.status.containerStatuses ?? []).every((c) => c.ready)));
  checks.push(check('pre: longhorn', pods.length === 0
    ? [{ message: 'no Longhorn pod in longhorn-system', next: `flux get helmreleases -n longhorn-system   (infrastructure-storage installs Longhorn)` }]
    : podsDown.map((p) => ({ message: `Longhorn pod ${p.metadata.name} is ${p.status.phase ?? 'unknown'}, not ready`, next: `${kc} -n longhorn-system describe pod ${p.metadata.name}` })), `${pods.length} pod(s) running`));

  // During onboarding.
  const joined = nodes.find((n) => n.metadata.name === node);
  const nodeProblems: Problem[] = [];
  if (!joined) {
    nodeProblems.push({ message: `${node} has not joined the cluster`, next: `boot ${node} with its user data (tofu output user_data_files), then watch: ${kc} get nodes -w` });
  } else {
    if (!isReady(joined)) nodeProblems.push({ message: `${node} is not Ready`, next: `${kc} describe node ${node}; on ${node}: sudo journalctl -u k3s-agent -n 100` });
    const v = joined.status.nodeInfo?.kubeletVersion;
    if (serverNode && v !== serverNode.status.nodeInfo?.kubeletVersion) {
      nodeProblems.push({ message: `${node} runs ${v}, ${server} ${serverNode.status.nodeInfo?.kubeletVersion}`, next: `set k3s_version to ${server}'s version and re-create ${node}'s user data (docs: k3s-homelab onboarding)` });
    }
    for (const [k, want] of Object.entries(settingsNode.labels)) {
      if (joined.metadata.labels?.[k] !== want) nodeProblems.push({ message: `${node} lacks label ${k}=${want} from the settings`, next: `${kc} label node ${node} ${k}=${want}   (or check its K3s config's node-label)` });
    }
  }
  checks.push(check('during: node', nodeProblems, `${node} Ready, ${joined?.status.nodeInfo?.kubeletVersion ?? ''}`));

  const lhNodeAnswer = run.kubectl(['-n', 'longhorn-system', 'get', 'nodes.longhorn.io', node, '-o', 'json']);
  const lhNode = parse<LonghornNode>(lhNodeAnswer);
  const lhProblems: Problem[] = [];
  if (!lhNode) {
    lhProblems.push({ message: `Longhorn has no node ${node} yet`, next: `${kc} -n longhorn-system get nodes.longhorn.io   (longhorn-manager registers a node once its pod runs there)` });
  } else {
    for (const type of ['Ready', 'Schedulable']) {
      const c = lhNode.status?.conditions?.find((x) => x.type === type);
      if (c?.status !== 'True') lhProblems.push({ message: `Longhorn node ${node} is not ${type}${c?.message ? `: ${c.message}` : ''}`, next: `${kc} -n longhorn-system get nodes.longhorn.io ${node} -o yaml` });
    }
    const paths = Object.values(lhNode.spec.disks ?? {}).map((d) => d.path);
    for (const want of settingsNode.longhornDiskPaths) {
      if (!paths.includes(want)) lhProblems.push({ message: `Longhorn node ${node} has no disk ${want} (settings: longhorn_disk_paths)`, next: `set joined = true for ${node} and apply (Terraform sets its disks annotation), or check the path is mounted on ${node}` });
    }
  }
  checks.push(check('during: longhorn node', lhProblems, `${node} Ready and schedulable, disks ${settingsNode.longhornDiskPaths.join(', ') || 'default'}`));
  checks.push({ ...fluxCheck(t, run.kubectl(['get', 'kustomizations.kustomize.toolkit.fluxcd.io,helmreleases.helm.toolkit.fluxcd.io', '-A', '-o', 'json'])), name: 'during: flux sync' });

  // Post-onboarding: replicas on both nodes.
  if (nodeProblems.length || lhProblems.length) {
    checks.push(skipped('post: test pvc', `${node} is not ready for storage yet`));
    return checks;
  }
  checks.push(testPvc(t, run, server, node, opts));
  return checks;
}

/** Creates the test PVC, checks where its replicas are, deletes it. */
function testPvc(t: DoctorTarget, run: Runner, server: string, node: string, opts: OnboardingOptions): CheckResult {
  const kc = `kubectl --kubeconfig ${t.kubeconfig}`;
  const name = testPvcName(node);
  const manifest = JSON.stringify({
    apiVersion: 'v1', kind: 'PersistentVolumeClaim',
    metadata: { name, namespace: 'default', labels: { 'app.kubernetes.io/managed-by': 'k3s-doctor' } },
    spec: { accessModes: ['ReadWriteOnce'], storageClassName: TEST_STORAGE_CLASS, resources: { requests: { storage: '1Gi' } } },
  });
  const problems: Problem[] = [];
  const created = run.kubectl(['apply', '-f', '-'], manifest);
  let where = '';
  try {
    if (created.code !== 0) {
      problems.push({ message: `cannot create the test PVC: ${created.stderr.trim().split('\n')[0]}`, next: `${kc} get storageclass ${TEST_STORAGE_CLASS}` });
    } else {
      const deadline = Date.now() + (opts.timeoutSeconds ?? 180) * 1000;
      let nodes: string[] = [];
      let volume = '';
      for (;;) {
        const pvc = parse<{ spec: { volumeName?: string }; status?: { phase?: string } }>(run.kubectl(['-n', 'default', 'get', 'pvc', name, '-o', 'json']));
        volume = pvc?.status?.phase === 'Bound' ? pvc.spec.volumeName ?? '' : '';
        if (volume) {
          const replicas = parse<ReplicaList>(run.kubectl(['-n', 'longhorn-system', 'get', 'replicas.longhorn.io', '-l', `longhornvolume=${volume}`, '-o', 'json']))?.items ?? [];
          nodes = [...new Set(replicas.map((r) => r.spec.nodeID ?? '').filter(Boolean))].sort();
          if (nodes.includes(server) && nodes.includes(node)) break;
        }
        if (Date.now() >= deadline) break;
        sleep(opts.pollSeconds ?? 3);
      }
      where = nodes.join(', ');
      if (!volume) {
        problems.push({ message: `the test PVC ${name} did not bind`, next: `${kc} -n default describe pvc ${name}` });
      } else if (!(nodes.includes(server) && nodes.includes(node))) {
        problems.push({
          message: `the test volume's replicas are on ${where || 'no node'}, not on both ${server} and ${node}`,
          next: `${kc} -n longhorn-system get replicas.longhorn.io -l longhornvolume=${volume} -o wide; ${kc} -n longhorn-system get nodes.longhorn.io`,
        });
      }
    }
  } finally {
    const deleted = run.kubectl(['-n', 'default', 'delete', 'pvc', name, '--ignore-not-found', '--wait=false']);
    if (deleted.code !== 0) problems.push({ message: `could not delete the test PVC ${name}`, next: `${kc} -n default delete pvc ${name}` });
  }
  return check('post: test pvc', problems, `replicas on ${where}; test PVC deleted`);
}
