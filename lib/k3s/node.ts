import { Resource } from '@cdktf/provider-null/lib/resource';
import { isWaitSeconds, WAIT_SECONDS_RULE } from '../rules/quantities';
import { ITerraformDependable } from 'cdktf';
import { Construct } from 'constructs';
import { ADDRESSES, classifyAddress, INSTALL_NAME_TEMPLATES } from '../core/addresses';
import { dependOn } from '../core/depends-on';
import { isK3sVersion, K3S_VERSION_RULE } from '../rules/k3s-version';
import { DEFAULT_SSH_TIMEOUT_SECONDS, DEFAULT_SSH_WAIT_SECONDS } from '../rules/ssh-connection';
import { validator } from '../core/validation';
import { DNS_LABEL_RULE, isDnsLabel, isTcpPort, TCP_PORT_RULE } from '../rules/network';
import { K3sBootstrapScripts } from './bootstrap-scripts';
import { EtcdJoin, installSteps, leaveSteps, SERVER_PREFIX } from './node-steps';
import { endpointTriggers, ignoredConnectionTriggers, SshEndpoint, validateHostKey } from './ssh';

export interface K3sNodeProps {
  readonly role: 'server' | 'agent';
  readonly node: SshEndpoint;
  /**
   * The server that checks an agent's readiness.
   * Ignored for servers (they check themselves).
   */
  readonly server?: SshEndpoint;
  /**
   * The cluster's servers other than this node, in join order: a joining
   * etcd server joins the first that answers; on destroy, quorum is checked
   * and the Node deleted from one that answers.
   * @default - none (a single-server cluster)
   */
  readonly otherServers?: readonly SshEndpoint[];
  /**
   * A server of an embedded-etcd cluster: it joins the servers that are up,
   * and only starts a cluster (cluster-init) when it `isFirstServer` and none answers.
   * @default false
   */
  readonly embeddedEtcd?: boolean;
  /** True for the server that may bootstrap the cluster when no other server is up. @default false */
  readonly isFirstServer?: boolean;
  /**
   * Let install-k3s.sh downgrade or skip minor versions (its version guard refuses both).
   * @default false
   */
  readonly allowVersionSkew?: boolean;
  /**
   * Take an etcd snapshot (`pre-upgrade-<running version>`) before this
   * embedded-etcd server's version changes; the upgrade does not start if it fails.
   * @default false
   */
  readonly snapshotBeforeUpgrade?: boolean;
  /**
   * An address a joining embedded-etcd server tries before `otherServers`
   * (the cluster's API address: a virtual IP or load balancer).
   * @default - only the other servers
   */
  readonly joinThrough?: string;
  /**
   * Settings that live in the node's config file: a change re-runs the
   * installer on the node (upgrade resource), which restarts K3s with the
   * new config, in the upgrade order. Values are shown in plans: no secrets.
   * @default - none (only the version)
   */
  readonly reconfigureTriggers?: Readonly<Record<string, string>>;
  /**
   * Files for K3s's auto-deploy directory (/var/lib/rancher/k3s/server/manifests),
   * by file name (servers only).
   * @default - none
   */
  readonly serverManifests?: Readonly<Record<string, string>>;
  readonly k3sVersion: string;
  /** This node's K3s config file; see renderNodeConfig. */
  readonly configYaml: string;
  readonly scripts: K3sBootstrapScripts;
  /**
   * Logical id of the install resource, e.g. `master1_install` (an address
   * users rely on): one of lib/core/addresses.ts's install names of this
   * node, the only ones the review warns about replacing.
   */
  readonly installAddress: string;
  /** What must be Ready before this node installs. @default - nothing */
  readonly installAfter?: ITerraformDependable[];
  /** What must be upgraded before this node upgrades. @default - nothing */
  readonly upgradeAfter?: ITerraformDependable[];
  /** How long post-install.sh waits for Ready. @default 300 */
  readonly readinessTimeoutSeconds?: number;
  /** How long to wait for the SSH port before failing. @default 120 */
  readonly sshWaitSeconds?: number;
  /** Terraform's SSH connection timeout (it retries until then, e.g. while a host key is refused). @default 300 */
  readonly sshTimeoutSeconds?: number;
}

const ADDRESS = /^[a-z_][a-z0-9_-]*$/;

/**
 * One K3s node installed over SSH, as two `null_resource`s:
 * - install (`installAddress`): replaced only when the node's identity
 *   (hostname, role) changes. Connection details are kept in its triggers
 *   but their changes are ignored: create-time steps read them from the
 *   triggers of the resource being created (the current settings), the
 *   destroy step gets them from the current settings as plain strings, so
 *   a new address, user, key path or port changes nothing on the node.
 *   Never the version either: replacing runs the destroy step (leave the
 *   cluster, uninstall);
 * - upgrade: triggered by the version; re-runs the idempotent installer,
 *   which upgrades in place.
 */
export class K3sNode extends Construct {
  public readonly install: Resource;
  public readonly upgrade: Resource;

  constructor(scope: Construct, id: string, props: K3sNodeProps) {
    super(scope, id);
    validate(this, props);
    const readinessTimeoutSeconds = props.readinessTimeoutSeconds ?? 300;
    const sshWaitSeconds = props.sshWaitSeconds ?? DEFAULT_SSH_WAIT_SECONDS;
    const role = props.role;
    const triggers = {
      role,
      ...endpointTriggers(props.node),
      ...(role === 'agent' ? endpointTriggers(props.server!, SERVER_PREFIX) : {}),
    };
    const otherServers = props.otherServers ?? [];
    const embeddedEtcd = role === 'server' && (props.embeddedEtcd ?? false);
    const etcdJoin: EtcdJoin | undefined = embeddedEtcd
      ? { candidates: [...(props.joinThrough !== undefined ? [props.joinThrough] : []), ...otherServers.map((s) => s.host)], bootstrapIfAlone: props.isFirstServer ?? false }
      : undefined;
    const steps = installSteps({
      role,
      node: props.node,
      server: props.server,
      k3sVersion: props.k3sVersion,
      configYaml: props.configYaml,
      scripts: props.scripts,
      readinessTimeoutSeconds,
      sshWaitSeconds,
      sshTimeoutSeconds: props.sshTimeoutSeconds ?? DEFAULT_SSH_TIMEOUT_SECONDS,
      etcdJoin,
      allowVersionSkew: props.allowVersionSkew ?? false,
      snapshotBeforeUpgrade: props.snapshotBeforeUpgrade ?? false,
      serverManifests: props.serverManifests,
    });
    // An agent's server_* keys say where its readiness is checked (the first server that stays), not what the node is.
    const lifecycle = { ignoreChanges: [...ignoredConnectionTriggers('', ...(role === 'agent' ? [SERVER_PREFIX] : [])), ...(role === 'agent' ? [`triggers["${SERVER_PREFIX}hostname"]`] : [])] };

    this.install = new Resource(this, 'install', {
      triggers,
      lifecycle,
      provisioners: [
        ...steps,
        ...leaveSteps({ role, node: props.node, otherServers, embeddedEtcd, scripts: props.scripts, sshWaitSeconds }),
      ],
    });
    this.install.overrideLogicalId(props.installAddress);
    dependOn(this.install, props.installAfter);

    this.upgrade = new Resource(this, 'upgrade', {
      triggers: { ...triggers, k3s_version: props.k3sVersion, ...(props.reconfigureTriggers ?? {}) },
      lifecycle,
      provisioners: steps,
    });
    dependOn(this.upgrade, [this.install, ...(props.upgradeAfter ?? [])]);
    this.upgrade.overrideLogicalId(ADDRESSES.nodeUpgrade.name({ hostname: props.node.hostname }));
  }
}

function validate(scope: Construct, props: K3sNodeProps): void {
  const { fail } = validator(scope);
  if (props.role !== 'server' && props.role !== 'agent') fail('role', props.role, 'must be "server" or "agent"');
  if (!isDnsLabel(props.node.hostname)) fail('node.hostname', props.node.hostname, DNS_LABEL_RULE);
  if (!props.node.host) fail('node.host', props.node.host, 'must not be empty');
  if (!props.node.user) fail('node.user', props.node.user, 'must not be empty');
  if (!props.node.keyPath) fail('node.keyPath', props.node.keyPath, 'must not be empty');
  if (props.role === 'agent' && !props.server) fail('server', props.server, 'is required for an agent');
  validateHostKey(scope, props.node, 'node.hostKey');
  if (props.server) validateHostKey(scope, props.server, 'server.hostKey');
  if (props.isFirstServer && props.role !== 'server') fail('isFirstServer', true, 'is only valid for a server');
  if (props.embeddedEtcd && props.role !== 'server') fail('embeddedEtcd', true, 'is only valid for a server');
  if (props.serverManifests && props.role !== 'server') fail('serverManifests', Object.keys(props.serverManifests), 'is only valid for a server');
  for (const name of Object.keys(props.serverManifests ?? {})) {
    if (!/^[a-z0-9][a-z0-9.-]*\.yaml$/.test(name)) fail('serverManifests', name, 'must name files like kube-vip.yaml');
  }
  for (const key of Object.keys(props.reconfigureTriggers ?? {})) {
    if (['role', 'hostname', 'k3s_version'].includes(key) || key.startsWith('ssh_') || key === 'host' || key.startsWith(SERVER_PREFIX)) {
      fail('reconfigureTriggers', key, 'must not reuse a trigger key of the node (role, hostname, connection, k3s_version)');
    }
  }
  if (props.snapshotBeforeUpgrade && !props.embeddedEtcd) fail('snapshotBeforeUpgrade', true, 'needs embeddedEtcd (a snapshot is of embedded etcd)');
  if (props.node.port !== undefined && !isTcpPort(props.node.port)) fail('node.port', props.node.port, TCP_PORT_RULE);
  if (!ADDRESS.test(props.installAddress)) fail('installAddress', props.installAddress, 'must be a Terraform resource name');
  const install = classifyAddress(`null_resource.${props.installAddress}`);
  if (install?.kind !== 'node-install' || install.node !== props.node.hostname || (install.role ?? props.role) !== props.role) {
    fail('installAddress', props.installAddress, `must be an install name of ${props.node.hostname} (${props.role}) from lib/core/addresses.ts (${INSTALL_NAME_TEMPLATES.join(', ')}): the review warns only about replacing those`);
  }
  if (!isK3sVersion(props.k3sVersion)) fail('k3sVersion', props.k3sVersion, K3S_VERSION_RULE);
  for (const [field, v] of [['readinessTimeoutSeconds', props.readinessTimeoutSeconds], ['sshWaitSeconds', props.sshWaitSeconds], ['sshTimeoutSeconds', props.sshTimeoutSeconds]] as const) {
    if (v !== undefined && !isWaitSeconds(v)) fail(field, v, WAIT_SECONDS_RULE);
  }
}
