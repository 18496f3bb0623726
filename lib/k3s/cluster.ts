import { Construct } from 'constructs';
import { Fn } from 'cdktf';
import { ADDRESSES, INSTALL_NAME, INSTALL_NAME_TEMPLATES, InstallNameTemplate, nodeInstallName } from '../core/addresses';
import { validator } from '../core/validation';
import { API_ADDRESS_RULE, INTERFACE_RULE, isDnsName, isInterfaceName, isIpv4 } from '../rules/network';
import { K3sBootstrapScripts } from './bootstrap-scripts';
import { EtcdSnapshotOptions, etcdSnapshotConfig, etcdSnapshotSummary, validateEtcdSnapshots } from './etcd-snapshots';
import { kubeVipManifest } from './kube-vip';
import { RECONFIGURE_TRIGGERS } from './reconfigure-triggers';
import { K3sKubeconfig } from './kubeconfig';
import { K3sNode } from './node';
import { addRemovedBlocks, removedBlocks } from './node-removal';
import { K3sConfigTemplate, renderNodeConfig } from './node-config';
import { SshEndpoint } from './ssh';
import { K3sClusterToken } from './token';

export interface K3sClusterProps {
  readonly clusterName: string;
  readonly k3sVersion: string;
  /** Servers in join order: the first bootstraps the cluster. */
  readonly servers: readonly SshEndpoint[];
  /** @default - no agents */
  readonly agents?: readonly SshEndpoint[];
  /**
   * Servers that leave at the next apply (`remove = true`): Terraform
   * `removed` blocks destroy their install and upgrade resources with the
   * destroy step (quorum check, drain, delete, uninstall); nothing else
   * changes. Keep their connection details until that apply is done.
   * One server per apply.
   * @default - none
   */
  readonly removedServers?: readonly SshEndpoint[];
  /** Agents that leave at the next apply, like `removedServers`. @default - none */
  readonly removedAgents?: readonly SshEndpoint[];
  /**
   * Embedded etcd (HA, odd number of servers) or a single server with SQLite.
   * @default - true when there is more than one server
   */
  readonly embeddedEtcd?: boolean;
  /** bootstrap/cluster-config.yaml, parsed. */
  readonly configTemplate: K3sConfigTemplate;
  /** Directory of the node scripts (install-k3s.sh, post-install.sh, ...). */
  readonly bootstrapDir: string;
  /** @default - the official install script at the K3s version's tag */
  readonly installerScriptPath?: string;
  /** @default - the installer downloads k3s */
  readonly k3sBinaryPath?: string;
  /** Where `local_file.kubeconfig` is written, relative to the stack directory. */
  readonly kubeconfigPath: string;
  /** Where the server's original kubeconfig is kept, relative to the stack directory. */
  readonly fetchedKubeconfigPath: string;
  /**
   * Install resource names, one of lib/core/addresses.ts's install templates
   * (the review warns about replacing only the installs it knows);
   * `{hostname}` and `{role}` (server/agent) are replaced.
   * @default '{hostname}_install'
   */
  readonly installAddressPattern?: InstallNameTemplate;
  /** @default 300 */
  readonly readinessTimeoutSeconds?: number;
  /** How long to wait for a node's SSH port before failing. @default 120 */
  readonly sshWaitSeconds?: number;
  /** Terraform's SSH connection timeout. @default 300 */
  readonly sshTimeoutSeconds?: number;
  /**
   * Let the nodes downgrade or skip minor versions (install-k3s.sh's version guard refuses both).
   * @default false
   */
  readonly allowVersionSkew?: boolean;
  /**
   * The address of the Kubernetes API (IPv4 or DNS name, port 6443): in
   * every server's certificate (tls-san); agents register and joining
   * servers join through it; the kubeconfig and `apiEndpoint` use it.
   * @default - the first server's address
   */
  readonly apiAddress?: string;
  /**
   * Run kube-vip on the servers to announce `apiAddress` (an IPv4 address)
   * by ARP on this interface.
   * @default - no kube-vip: `apiAddress` is served by something else (DNS, a load balancer)
   */
  readonly kubeVipInterface?: string;
  /**
   * K3s's scheduled etcd snapshots (embedded etcd only). Changing them
   * re-runs the installer on the servers one at a time (K3s restarts).
   * @default - none written: K3s's defaults (every 12 h, keep 5, no S3)
   */
  readonly etcdSnapshots?: EtcdSnapshotOptions;
  /**
   * Servers encrypt Secrets at rest from their first start (K3s `secrets-encryption`).
   * @default true
   */
  readonly secretsEncryption?: boolean;
  /**
   * Bind the control-plane metrics (kube-proxy, controller-manager,
   * scheduler, etcd) to each node's address for a Prometheus in the
   * cluster; otherwise they stay on 127.0.0.1. See NodeConfigInput.
   * @default false
   */
  readonly controlPlaneMetrics?: boolean;
}

/**
 * A K3s cluster installed over SSH. Join order is the contract that keeps
 * embedded etcd healthy: the first server bootstraps; every other server
 * joins only once the previous one is Ready and upgraded (etcd admits one
 * learner at a time); agents join once all servers are Ready and upgraded,
 * in parallel, so a node added with a version bump installs that version
 * only after the servers run it. Destroy runs
 * in reverse: agents first, then servers from last to first. Upgrades follow
 * the same order, one server at a time, then the agents.
 *
 * With embedded etcd, each server decides on the node how it enters the
 * cluster (install-k3s.sh): it joins the first other server that answers,
 * and only the first server starts a new cluster, when no other one is up.
 * So any server can be replaced, the first included. Leaving (destroy,
 * replace) checks etcd quorum first (leave-cluster.sh). Before the first
 * server's version changes, it takes an etcd snapshot named after the
 * running version; the upgrade does not start without it.
 */
export class K3sCluster extends Construct {
  /** The server token (`random_password.cluster_token`): servers only. */
  public readonly token: K3sClusterToken;
  /** The agent token (`random_password.agent_token`): what agents join with. */
  public readonly agentToken: K3sClusterToken;
  public readonly servers: readonly K3sNode[];
  public readonly agents: readonly K3sNode[];
  public readonly kubeconfig: K3sKubeconfig;
  /** https://<apiAddress, or the first server's address>:6443 */
  public readonly apiEndpoint: string;

  constructor(scope: Construct, id: string, props: K3sClusterProps) {
    super(scope, id);
    const agents = props.agents ?? [];
    const embeddedEtcd = props.embeddedEtcd ?? props.servers.length > 1;
    validate(this, props, agents, embeddedEtcd);
    validateRecovery(this, props, embeddedEtcd);

    const first = props.servers[0];
    this.apiEndpoint = `https://${props.apiAddress ?? first.host}:6443`;
    this.token = new K3sClusterToken(this, 'token');
    this.agentToken = new K3sClusterToken(this, 'agent-token', { address: ADDRESSES.agentToken.name() });
    const scripts = new K3sBootstrapScripts(this, 'scripts', {
      bootstrapDir: props.bootstrapDir,
      installerScriptPath: props.installerScriptPath,
      k3sBinaryPath: props.k3sBinaryPath,
    });
    const pattern = props.installAddressPattern ?? INSTALL_NAME;
    const common = {
      k3sVersion: props.k3sVersion,
      allowVersionSkew: props.allowVersionSkew,
      scripts,
      readinessTimeoutSeconds: props.readinessTimeoutSeconds,
      sshWaitSeconds: props.sshWaitSeconds,
      sshTimeoutSeconds: props.sshTimeoutSeconds,
    };
    const snapshots = props.etcdSnapshots;
    const template: K3sConfigTemplate = snapshots
      ? { ...props.configTemplate, etcd: { ...(props.configTemplate.etcd ?? {}), ...secretsAsYamlStrings(etcdSnapshotConfig(snapshots)) } }
      : props.configTemplate;
    const config = (role: 'server' | 'agent', node: SshEndpoint, joinsFirst: boolean) =>
      renderNodeConfig({
        template,
        role,
        nodeName: node.hostname,
        nodeIp: node.host,
        serverUrl: joinsFirst ? this.apiEndpoint : undefined,
        embeddedEtcd,
        joinDecidedOnNode: role === 'server' && embeddedEtcd,
        // Agents get only the agent token: a compromised agent cannot join a server.
        token: role === 'server' ? this.token.reference : this.agentToken.reference,
        agentToken: role === 'server' ? this.agentToken.reference : undefined,
        tlsSans: props.apiAddress !== undefined ? [props.apiAddress] : undefined,
        secretsEncryption: props.secretsEncryption,
        controlPlaneMetrics: props.controlPlaneMetrics,
      });
    // Set only when used, so that clusters without them keep their JSON (and plan nothing).
    const endpointTrigger: Record<string, string> = props.apiAddress !== undefined ? { [RECONFIGURE_TRIGGERS.apiEndpoint]: props.apiAddress } : {};
    const serverTriggers: Record<string, string> = { ...endpointTrigger, ...(snapshots ? { [RECONFIGURE_TRIGGERS.etcdSnapshots]: etcdSnapshotSummary(snapshots) } : {}) };
    const manifests = props.kubeVipInterface !== undefined
      ? { 'kube-vip.yaml': kubeVipManifest({ address: props.apiAddress!, interface: props.kubeVipInterface }) }
      : undefined;
    const otherServers = (node: SshEndpoint) => props.servers.filter((s) => s !== node);

    const servers: K3sNode[] = [];
    props.servers.forEach((node, i) => {
      const previous = servers[i - 1];
      servers.push(
        new K3sNode(this, node.hostname, {
          ...common,
          role: 'server',
          node,
          isFirstServer: i === 0,
          embeddedEtcd,
          // One snapshot per upgrade, on the server that upgrades first.
          snapshotBeforeUpgrade: embeddedEtcd && i === 0,
          otherServers: otherServers(node),
          joinThrough: props.apiAddress,
          reconfigureTriggers: serverTriggers,
          serverManifests: manifests,
          configYaml: config('server', node, !embeddedEtcd && i > 0),
          installAddress: nodeInstallName(node.hostname, 'server', pattern),
          // After the previous server's upgrade (which follows its install): a server added in
          // the same apply as a version bump joins once the servers before it run that version.
          installAfter: previous ? [previous.upgrade] : undefined,
          upgradeAfter: previous ? [previous.upgrade] : undefined,
        }),
      );
    });
    const lastServer = servers[servers.length - 1];
    this.servers = servers;
    this.agents = agents.map(
      (node) =>
        new K3sNode(this, node.hostname, {
          ...common,
          role: 'agent',
          node,
          server: first,
          otherServers: props.servers,
          reconfigureTriggers: endpointTrigger,
          configYaml: config('agent', node, true),
          installAddress: nodeInstallName(node.hostname, 'agent', pattern),
          // After the last server's upgrade (the end of the servers' chain): an agent added with a
          // version bump never runs a kubelet newer than the API servers (Kubernetes version skew policy).
          installAfter: [lastServer.upgrade],
          upgradeAfter: [lastServer.upgrade],
        }),
    );

    addRemovedBlocks(this, removedBlocks({
      leaving: [...(props.removedServers ?? []).map((node) => ({ role: 'server' as const, node })), ...(props.removedAgents ?? []).map((node) => ({ role: 'agent' as const, node }))],
      servers: props.servers,
      embeddedEtcd,
      scripts,
      sshWaitSeconds: props.sshWaitSeconds ?? 120,
      installAddressPattern: pattern,
    }));

    this.kubeconfig = new K3sKubeconfig(this, 'kubeconfig', {
      clusterName: props.clusterName,
      servers: props.servers,
      apiEndpoint: this.apiEndpoint,
      // The providers move to the API address (or a new first server) only once it answers: kube-vip comes with the same apply.
      providerAddress: props.apiAddress ?? first.host,
      kubeconfigPath: props.kubeconfigPath,
      fetchedPath: props.fetchedKubeconfigPath,
      scripts,
      serverInstalls: servers.map((s) => s.install),
      serverUpgrades: servers.map((s) => s.upgrade),
    });
  }

  /** The servers' installs: the API is ready on every server once they are created (join order). */
  public get apiReady() {
    return this.servers.map((n) => n.install);
  }

  /** Every install resource: depend on these to wait for the whole cluster. */
  public get installs() {
    return [...this.servers, ...this.agents].map((n) => n.install);
  }
}

/**
 * The S3 keys are Terraform references; jsonencode() makes their values
 * YAML-safe (a JSON string is a YAML double-quoted scalar) whatever they hold.
 */
function secretsAsYamlStrings(config: Record<string, unknown>): Record<string, unknown> {
  const out = { ...config };
  for (const key of ['etcd-s3-access-key', 'etcd-s3-secret-key']) {
    if (typeof out[key] === 'string') out[key] = Fn.jsonencode(out[key]);
  }
  return out;
}

function validateRecovery(scope: Construct, props: K3sClusterProps, embeddedEtcd: boolean): void {
  const { fail } = validator(scope);
  const a = props.apiAddress;
  if (a !== undefined && !isIpv4(a) && !isDnsName(a)) fail('apiAddress', a, API_ADDRESS_RULE);
  if (props.kubeVipInterface !== undefined) {
    if (a === undefined || !isIpv4(a)) fail('kubeVipInterface', props.kubeVipInterface, 'needs apiAddress to be an IPv4 address (the virtual IP kube-vip announces)');
    if (!isInterfaceName(props.kubeVipInterface)) fail('kubeVipInterface', props.kubeVipInterface, INTERFACE_RULE);
  }
  if (a !== undefined && [...props.servers, ...(props.agents ?? [])].some((n) => n.host === a) && props.kubeVipInterface !== undefined) {
    fail('apiAddress', a, 'must not be a node\'s own address when kube-vip announces it');
  }
  if (props.etcdSnapshots) {
    if (!embeddedEtcd) fail('etcdSnapshots', '(set)', 'needs embedded etcd: a single server keeps SQLite, which has no etcd snapshots');
    validateEtcdSnapshots(scope, props.etcdSnapshots);
  }
}

function validate(scope: Construct, props: K3sClusterProps, agents: readonly SshEndpoint[], embeddedEtcd: boolean): void {
  const { fail } = validator(scope);
  const n = props.servers.length;
  if (n === 0) fail('servers', [], 'must list at least one server');
  // An even number is a step of a shrink (servers removed one per apply), never where it ends.
  if (embeddedEtcd && n % 2 === 0 && !(props.removedServers ?? []).length) fail('servers', `${n} servers`, 'must be an odd number with embedded etcd (quorum)');
  if (!embeddedEtcd && n !== 1) fail('servers', `${n} servers`, 'must be exactly 1 without embedded etcd (SQLite is single-server)');
  for (const field of ['hostname', 'host'] as const) {
    const seen = new Set<string>();
    for (const v of [...props.servers, ...agents, ...(props.removedServers ?? []), ...(props.removedAgents ?? [])].map((x) => x[field])) {
      if (seen.has(v)) fail(`servers/agents ${field}`, v, 'must be unique in the cluster, used twice');
      seen.add(v);
    }
  }
  if (!(props.installAddressPattern ?? '{hostname}').includes('{hostname}')) {
    fail('installAddressPattern', props.installAddressPattern, 'must contain {hostname}');
  }
  if (props.installAddressPattern !== undefined && !INSTALL_NAME_TEMPLATES.includes(props.installAddressPattern)) {
    fail('installAddressPattern', props.installAddressPattern, `must be one of ${INSTALL_NAME_TEMPLATES.join(', ')} (lib/core/addresses.ts: the review knows only those installs)`);
  }
}
