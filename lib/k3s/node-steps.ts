import { FileProvisioner, LocalExecProvisioner, RemoteExecProvisioner } from 'cdktf';
import { K3sBootstrapScripts } from './bootstrap-scripts';
import { connectionFromTriggers, shellQuote } from './ssh';

type Provisioner = FileProvisioner | LocalExecProvisioner | RemoteExecProvisioner;

/** Trigger-key prefix of the server an agent is checked and drained from. */
export const SERVER_PREFIX = 'server_';

export interface NodeStepsInput {
  readonly role: 'server' | 'agent';
  readonly hostname: string;
  readonly k3sVersion: string;
  /** The node's K3s config file (holds the token reference). */
  readonly configYaml: string;
  readonly scripts: K3sBootstrapScripts;
  readonly readinessTimeoutSeconds: number;
  readonly sshWaitSeconds: number;
}

/** Per-node staging directory (0700, owned by the SSH user) for uploads. */
export function stagingDir(hostname: string): string {
  return `/tmp/k3s-bootstrap-${hostname}`;
}

/** `sudo -n ` unless the SSH user recorded under `prefix` is root. */
function sudo(prefix = ''): string {
  return `\${self.triggers.${prefix}ssh_user == "root" ? "" : "sudo -n "}`;
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
  const dir = stagingDir(input.hostname);
  const nodeConn = connectionFromTriggers();
  const upload = (source: string, name: string): FileProvisioner => ({
    type: 'file', source, destination: `${dir}/${name}`, connection: nodeConn,
  });
  const install =
    `${sudo()}bash ${dir}/install-k3s.sh --role ${input.role} --version ${shellQuote(input.k3sVersion)}` +
    ` --node-name ${input.hostname} --staging ${dir}`;
  const steps: Provisioner[] = [
    checkNodeStep(input.scripts, '', input.sshWaitSeconds),
    { type: 'remote-exec', inline: [makeStaging(dir)], connection: nodeConn },
    // Trailing slash: the directory's contents (install-k3s.sh, post-install.sh, ...) land in `dir`.
    { type: 'file', source: `${input.scripts.bundle}/`, destination: dir, connection: nodeConn },
    { type: 'file', content: input.configYaml, destination: `${dir}/config.yaml`, connection: nodeConn },
  ];
  if (input.scripts.installerScript) steps.push(upload(input.scripts.installerScript, 'k3s-install.sh'));
  if (input.scripts.k3sBinary) steps.push(upload(input.scripts.k3sBinary, 'k3s'));
  if (input.role === 'server') {
    // A server checks its own readiness in the same SSH step as the install.
    // One line joined by &&: remote-exec runs inline lines as a script without `set -e`.
    steps.push({ type: 'remote-exec', connection: nodeConn, inline: [`${install} && ${readinessCommand(input, dir)}`] });
  } else {
    steps.push({ type: 'remote-exec', connection: nodeConn, inline: [install] }, ...agentReadinessSteps(input));
  }
  return steps;
}

function readinessCommand(input: NodeStepsInput, dir: string, prefix = ''): string {
  return `${sudo(prefix)}bash ${dir}/post-install.sh --node-name ${input.hostname} --timeout-seconds ${input.readinessTimeoutSeconds}`;
}

/** An agent has no API access: its readiness is checked with post-install.sh on the server. */
function agentReadinessSteps(input: NodeStepsInput): Provisioner[] {
  const conn = connectionFromTriggers(SERVER_PREFIX);
  const dir = `${stagingDir(input.hostname)}-check`;
  return [
    checkNodeStep(input.scripts, SERVER_PREFIX, input.sshWaitSeconds),
    { type: 'remote-exec', inline: [makeStaging(dir)], connection: conn },
    { type: 'file', source: input.scripts.path('post-install.sh'), destination: `${dir}/post-install.sh`, connection: conn },
    { type: 'remote-exec', connection: conn, inline: [readinessCommand(input, dir, SERVER_PREFIX)] },
  ];
}

/** Fails fast, naming the node, when its key is missing or its SSH port is down. */
function checkNodeStep(scripts: K3sBootstrapScripts, prefix: string, waitSeconds: number): LocalExecProvisioner {
  const t = (key: string) => `\${self.triggers.${prefix}${key}}`;
  return {
    type: 'local-exec',
    command: `bash ${scripts.path('check-node.sh')}`,
    environment: {
      NODE_NAME: t('hostname'),
      NODE_HOST: t('host'),
      SSH_PORT: t('ssh_port'),
      SSH_KEY_PATH: t('ssh_key_path'),
      WAIT_SECONDS: String(waitSeconds),
    },
  };
}

/**
 * Destroy-time steps (they may only use `self`): an agent is drained and its
 * Node deleted from the server, then uninstalled; a joined server removes its
 * own Node (K3s then drops its etcd member) and uninstalls; the first server
 * only uninstalls. Drain/delete failures do not block the uninstall.
 */
export function destroySteps(role: 'server' | 'agent', isFirstServer: boolean): Provisioner[] {
  const name = '${self.triggers.hostname}';
  const removeNode = (prefix: string): RemoteExecProvisioner =>
    ({
      type: 'remote-exec',
      when: 'destroy',
      onFailure: 'continue',
      connection: connectionFromTriggers(prefix, '1m'),
      inline: [
        `${sudo(prefix)}k3s kubectl drain ${name} --ignore-daemonsets --delete-emptydir-data --force --timeout=120s`,
        `${sudo(prefix)}k3s kubectl delete node ${name} --ignore-not-found`,
      ],
    }) as RemoteExecProvisioner;
  const uninstaller = role === 'agent' ? '/usr/local/bin/k3s-agent-uninstall.sh' : '/usr/local/bin/k3s-uninstall.sh';
  const uninstall = {
    type: 'remote-exec',
    when: 'destroy',
    connection: connectionFromTriggers('', '1m'),
    inline: [
      `if [ -x ${uninstaller} ]; then ${sudo()}${uninstaller}; else echo "${name}: K3s not installed"; fi`,
      `rm -rf ${'/tmp/k3s-bootstrap-${self.triggers.hostname}'}`,
    ],
  } as RemoteExecProvisioner;
  const steps: Provisioner[] = [];
  if (role === 'agent') steps.push(removeNode(SERVER_PREFIX));
  else if (!isFirstServer) steps.push(removeNode(''));
  steps.push(uninstall);
  return steps;
}
