import { FileProvisioner, LocalExecProvisioner, RemoteExecProvisioner } from 'cdktf';
import { DEFAULT_SSH_PORT } from '../rules/ssh-connection';
import { K3sBootstrapScripts } from './bootstrap-scripts';
import { connectionFromTriggers, endpointEnvironment, shellQuote, SshEndpoint, sudoFor } from './ssh';

/** Trigger-key prefix of the server an agent's readiness is checked on. */
export const SERVER_PREFIX = 'server_';

type Provisioner = FileProvisioner | LocalExecProvisioner | RemoteExecProvisioner;

/** How a server of an embedded-etcd cluster enters it; decided on the node by install-k3s.sh. */
export interface EtcdJoin {
  /** Addresses of the other servers, in join order: the first that answers is joined. */
  readonly candidates: readonly string[];
  /** May start a new cluster (cluster-init) when no candidate answers and it holds no etcd data. */
  readonly bootstrapIfAlone: boolean;
}

export interface NodeStepsInput {
  readonly role: 'server' | 'agent';
  readonly node: SshEndpoint;
  /** The server that checks an agent's readiness (agents only). */
  readonly server?: SshEndpoint;
  readonly k3sVersion: string;
  /** The node's K3s config file (holds the token reference). */
  readonly configYaml: string;
  readonly scripts: K3sBootstrapScripts;
  readonly readinessTimeoutSeconds: number;
  readonly sshWaitSeconds: number;
  /** Terraform's SSH connection timeout. */
  readonly sshTimeoutSeconds: number;
  /** Set for a server of an embedded-etcd cluster. */
  readonly etcdJoin?: EtcdJoin;
  /** Lets install-k3s.sh skip minors or downgrade. */
  readonly allowVersionSkew: boolean;
  /** An embedded-etcd server takes an etcd snapshot before its version changes. */
  readonly snapshotBeforeUpgrade: boolean;
  /** Files for K3s's auto-deploy directory, by name (servers). */
  readonly serverManifests?: Readonly<Record<string, string>>;
}

/** Per-node staging directory (0700, owned by the SSH user) for uploads. */
export function stagingDir(hostname: string): string {
  return `/tmp/k3s-bootstrap-${hostname}`;
}

function makeStaging(dir: string): string {
  // test -O: refuse a directory someone else created in the shared /tmp.
  return `umask 077 && mkdir -p ${dir} && test -O ${dir} && chmod 0700 ${dir}`;
}

/**
 * Provisioners that install (or upgrade in place) K3s on one node and then
 * wait until it is Ready. Every step is idempotent, so the upgrade resource
 * runs the very same steps with the new version.
 */
export function installSteps(input: NodeStepsInput): Provisioner[] {
  const dir = stagingDir(input.node.hostname);
  // Create-time steps run only when the resource is created, when its
  // triggers hold the current settings; reading the key through self keeps
  // file() unknown at plan, so plan (CI review) needs no key.
  const nodeConn = connectionFromTriggers(input.node, '', input.sshTimeoutSeconds);
  const upload = (source: string, name: string): FileProvisioner => ({
    type: 'file', source, destination: `${dir}/${name}`, connection: nodeConn,
  });
  const flags = [
    ...(input.etcdJoin ? ['--etcd'] : []),
    ...(input.etcdJoin?.candidates.length ? ['--join-candidates', shellQuote(input.etcdJoin.candidates.join(' '))] : []),
    ...(input.etcdJoin?.bootstrapIfAlone ? ['--bootstrap-if-alone'] : []),
    ...(input.allowVersionSkew ? ['--allow-version-skew'] : []),
    ...(input.snapshotBeforeUpgrade ? ['--snapshot-before-upgrade'] : []),
  ];
  const install =
    `${sudoFor(input.node.user)}bash ${dir}/install-k3s.sh --role ${input.role} --version ${shellQuote(input.k3sVersion)}` +
    ` --node-name ${input.node.hostname} --staging ${dir}${flags.map((f) => ` ${f}`).join('')}`;
  const steps: Provisioner[] = [
    checkNodeStep(input.scripts, input.node, input.sshWaitSeconds),
    // scp writes into an existing directory only (a missing one would become a file of that name).
    { type: 'remote-exec', inline: [`${makeStaging(dir)}${input.serverManifests ? ` && mkdir -p ${dir}/manifests` : ''}`], connection: nodeConn },
    // Trailing slash: the directory's contents (install-k3s.sh, post-install.sh, ...) land in `dir`.
    { type: 'file', source: `${input.scripts.bundle}/`, destination: dir, connection: nodeConn },
    { type: 'file', content: input.configYaml, destination: `${dir}/config.yaml`, connection: nodeConn },
  ];
  for (const [name, content] of Object.entries(input.serverManifests ?? {})) {
    steps.push({ type: 'file', content, destination: `${dir}/manifests/${name}`, connection: nodeConn });
  }
  if (input.scripts.installerScript) steps.push(upload(input.scripts.installerScript, 'k3s-install.sh'));
  if (input.scripts.k3sBinary) steps.push(upload(input.scripts.k3sBinary, 'k3s'));
  if (input.role === 'server') {
    // A server checks its own readiness in the same SSH step as the install.
    // One line joined by &&: remote-exec runs inline lines as a script without `set -e`.
    steps.push({ type: 'remote-exec', connection: nodeConn, inline: [`${install} && ${readinessCommand(input, input.node, dir)}`] });
  } else {
    steps.push({ type: 'remote-exec', connection: nodeConn, inline: [install] }, ...agentReadinessSteps(input));
  }
  return steps;
}

function readinessCommand(input: NodeStepsInput, on: SshEndpoint, dir: string): string {
  return `${sudoFor(on.user)}bash ${dir}/post-install.sh --node-name ${input.node.hostname} --timeout-seconds ${input.readinessTimeoutSeconds}`;
}

/** An agent has no API access: its readiness is checked with post-install.sh on the server. */
function agentReadinessSteps(input: NodeStepsInput): Provisioner[] {
  const server = input.server!;
  const conn = connectionFromTriggers(server, SERVER_PREFIX, input.sshTimeoutSeconds);
  const dir = `${stagingDir(input.node.hostname)}-check`;
  return [
    checkNodeStep(input.scripts, server, input.sshWaitSeconds),
    { type: 'remote-exec', inline: [makeStaging(dir)], connection: conn },
    { type: 'file', source: input.scripts.path('post-install.sh'), destination: `${dir}/post-install.sh`, connection: conn },
    { type: 'remote-exec', connection: conn, inline: [readinessCommand(input, server, dir)] },
  ];
}

/** Fails fast, naming the node, when its key is missing or its SSH port is down. */
function checkNodeStep(scripts: K3sBootstrapScripts, node: SshEndpoint, waitSeconds: number): LocalExecProvisioner {
  return {
    type: 'local-exec',
    command: `bash ${scripts.path('check-node.sh')}`,
    environment: { ...endpointEnvironment(node), WAIT_SECONDS: String(waitSeconds) },
  };
}

export interface LeaveStepsInput {
  readonly role: 'server' | 'agent';
  readonly node: SshEndpoint;
  /** The cluster's other servers: where quorum is checked and the Node deleted. */
  readonly otherServers: readonly SshEndpoint[];
  readonly embeddedEtcd: boolean;
  readonly scripts: K3sBootstrapScripts;
  readonly sshWaitSeconds: number;
}

/**
 * The destroy-time step: bootstrap/leave-cluster.sh on the operator's
 * machine checks the node's identity and (servers) etcd quorum, removes the
 * node from its cluster and uninstalls K3s, failing loudly. Its connection
 * details are the current settings' as plain strings (a destroy-time step
 * may reference nothing but `self`, and `self` holds the values of the last
 * create); the script reads the key only when it runs.
 */
export function leaveSteps(input: LeaveStepsInput): Provisioner[] {
  const servers = input.otherServers
    .map((s) => [s.hostname, s.host, String(s.port ?? DEFAULT_SSH_PORT), s.user, s.keyPath, ...(s.hostKey !== undefined ? [s.hostKey] : [])].join('\t'))
    .join('\n');
  return [
    {
      type: 'local-exec',
      when: 'destroy',
      command: `bash ${input.scripts.path('leave-cluster.sh')}`,
      environment: {
        ...endpointEnvironment(input.node),
        NODE_ROLE: input.role,
        EMBEDDED_ETCD: input.embeddedEtcd ? 'yes' : 'no',
        SERVERS: servers,
        WAIT_SECONDS: String(input.sshWaitSeconds),
      },
    } as LocalExecProvisioner,
  ];
}
