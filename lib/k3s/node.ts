import { Resource } from '@cdktf/provider-null/lib/resource';
import { ITerraformDependable } from 'cdktf';
import { Construct } from 'constructs';
import { K3sBootstrapScripts } from './bootstrap-scripts';
import { destroySteps, installSteps, SERVER_PREFIX } from './node-steps';
import { endpointTriggers, SshEndpoint } from './ssh';

export interface K3sNodeProps {
  readonly role: 'server' | 'agent';
  readonly node: SshEndpoint;
  /**
   * The server that checks an agent's readiness and drains it on destroy.
   * Ignored for servers (they check themselves).
   */
  readonly server?: SshEndpoint;
  /** True for the server that bootstraps the cluster (it does not leave it on destroy). */
  readonly isFirstServer?: boolean;
  readonly k3sVersion: string;
  /** This node's K3s config file; see renderNodeConfig. */
  readonly configYaml: string;
  readonly scripts: K3sBootstrapScripts;
  /** Logical id of the install resource, e.g. `master1_install` (an address users rely on). */
  readonly installAddress: string;
  /** Logical id of the upgrade resource. @default `<hostname>_upgrade` */
  readonly upgradeAddress?: string;
  /** What must be Ready before this node installs. @default - nothing */
  readonly installAfter?: ITerraformDependable[];
  /** What must be upgraded before this node upgrades. @default - nothing */
  readonly upgradeAfter?: ITerraformDependable[];
  /** How long post-install.sh waits for Ready. @default 300 */
  readonly readinessTimeoutSeconds?: number;
  /** How long to wait for the SSH port before failing. @default 120 */
  readonly sshWaitSeconds?: number;
}

const HOSTNAME = /^[a-z0-9]([a-z0-9-]{0,61}[a-z0-9])?$/;
const ADDRESS = /^[a-z_][a-z0-9_-]*$/;

/**
 * One K3s node installed over SSH, as two `null_resource`s:
 * - install (`installAddress`): triggers hold only where and how to reach the
 *   node, never the version, so changing `k3s_version` can never replace it
 *   (replacing would run the uninstall on destroy);
 * - upgrade: triggered by the version; re-runs the idempotent installer,
 *   which upgrades in place.
 */
export class K3sNode extends Construct {
  public readonly install: Resource;
  public readonly upgrade: Resource;

  constructor(scope: Construct, id: string, props: K3sNodeProps) {
    super(scope, id);
    validate(props);
    const readinessTimeoutSeconds = props.readinessTimeoutSeconds ?? 300;
    const sshWaitSeconds = props.sshWaitSeconds ?? 120;
    const role = props.role;
    const triggers = {
      role,
      ...endpointTriggers(props.node),
      ...(role === 'agent' ? endpointTriggers(props.server!, SERVER_PREFIX) : {}),
    };
    const steps = installSteps({
      role,
      hostname: props.node.hostname,
      k3sVersion: props.k3sVersion,
      configYaml: props.configYaml,
      scripts: props.scripts,
      readinessTimeoutSeconds,
      sshWaitSeconds,
    });

    this.install = new Resource(this, 'install', {
      triggers,
      dependsOn: props.installAfter,
      provisioners: [...steps, ...destroySteps(role, props.isFirstServer ?? false)],
    });
    this.install.overrideLogicalId(props.installAddress);

    this.upgrade = new Resource(this, 'upgrade', {
      triggers: { ...triggers, k3s_version: props.k3sVersion },
      dependsOn: [this.install, ...(props.upgradeAfter ?? [])],
      provisioners: steps,
    });
    this.upgrade.overrideLogicalId(props.upgradeAddress ?? `${props.node.hostname}_upgrade`);
  }
}

function validate(props: K3sNodeProps): void {
  const fail = (field: string, value: unknown, rule: string) => {
    throw new Error(`${field} ${rule}, got ${JSON.stringify(value)}`);
  };
  if (props.role !== 'server' && props.role !== 'agent') fail('role', props.role, 'must be "server" or "agent"');
  if (!HOSTNAME.test(props.node.hostname)) fail('node.hostname', props.node.hostname, 'must be a DNS label');
  if (!props.node.host) fail('node.host', props.node.host, 'must not be empty');
  if (!props.node.user) fail('node.user', props.node.user, 'must not be empty');
  if (!props.node.keyPath) fail('node.keyPath', props.node.keyPath, 'must not be empty');
  if (props.role === 'agent' && !props.server) fail('server', props.server, 'is required for an agent');
  if (props.isFirstServer && props.role !== 'server') fail('isFirstServer', true, 'is only valid for a server');
  if (!ADDRESS.test(props.installAddress)) fail('installAddress', props.installAddress, 'must be a Terraform resource name');
  if (props.upgradeAddress !== undefined && !ADDRESS.test(props.upgradeAddress)) {
    fail('upgradeAddress', props.upgradeAddress, 'must be a Terraform resource name');
  }
  if (!/^v1\.\d+\.\d+(-rc\d+)?\+k3s\d+$/.test(props.k3sVersion)) fail('k3sVersion', props.k3sVersion, 'must look like v1.28.3+k3s1');
  for (const [field, v] of [['readinessTimeoutSeconds', props.readinessTimeoutSeconds], ['sshWaitSeconds', props.sshWaitSeconds]] as const) {
    if (v !== undefined && (!Number.isInteger(v) || v <= 0)) fail(field, v, 'must be a positive integer');
  }
}
