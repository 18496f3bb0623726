import { TerraformStack } from 'cdktf';
import { IConstruct } from 'constructs';
import { ADDRESSES, InstallNameTemplate, nodeInstallAddress } from '../core/addresses';
import { K3sBootstrapScripts } from './bootstrap-scripts';
import { leaveSteps } from './node-steps';
import { SshEndpoint } from './ssh';

/** A node that leaves its cluster at the next apply (`remove = true` in the settings). */
export interface LeavingNode {
  readonly role: 'server' | 'agent';
  readonly node: SshEndpoint;
}

export interface NodeRemovalInput {
  readonly leaving: readonly LeavingNode[];
  /** The servers that stay, in join order: where quorum is checked and the Node deleted. */
  readonly servers: readonly SshEndpoint[];
  readonly embeddedEtcd: boolean;
  readonly scripts: K3sBootstrapScripts;
  readonly sshWaitSeconds: number;
  readonly installAddressPattern: InstallNameTemplate;
}

/**
 * Terraform `removed` blocks (Terraform >= 1.9, OpenTofu >= 1.10: `lifecycle
 * { destroy = true }` and destroy-time provisioners) for every leaving node:
 * its install resource is destroyed with the same destroy step as before
 * (leave-cluster.sh: identity check, quorum check for a server, drain, delete,
 * uninstall), its upgrade resource with it. Nothing else is planned: no
 * `-target`, so no dependent (charts, namespaces, the next server in join
 * order) is destroyed with it; the nodes that stay no longer depend on it,
 * which plans nothing (`depends_on` is not an attribute).
 */
export function removedBlocks(input: NodeRemovalInput): Record<string, unknown>[] {
  return input.leaving.flatMap(({ role, node }) => {
    const [leave] = leaveSteps({
      role,
      node,
      otherServers: input.servers.filter((s) => s.hostname !== node.hostname),
      embeddedEtcd: role === 'server' && input.embeddedEtcd,
      scripts: input.scripts,
      sshWaitSeconds: input.sshWaitSeconds,
    }) as { command: string; environment: Record<string, string> }[];
    return [
      {
        from: nodeInstallAddress(node.hostname, role, input.installAddressPattern),
        lifecycle: { destroy: true },
        provisioner: [{ 'local-exec': { when: 'destroy', command: leave.command, environment: leave.environment } }],
      },
      { from: ADDRESSES.nodeUpgrade.address({ hostname: node.hostname }), lifecycle: { destroy: true } },
    ];
  });
}

/** Writes the `removed` blocks into the stack's JSON (one list per stack; cdktf has no construct for them). */
export function addRemovedBlocks(scope: IConstruct, blocks: Record<string, unknown>[]): void {
  if (blocks.length) TerraformStack.of(scope).addOverride('removed', blocks);
}
