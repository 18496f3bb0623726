import { NullProvider } from '@cdktf/provider-null/lib/provider';
import { Resource } from '@cdktf/provider-null/lib/resource';
import { AssetType } from 'cdktf';
import { Construct } from 'constructs';
import { ADDRESSES } from '../core/addresses';
import { stackProvider } from '../core/providers';
import { StackAsset } from '../core/stack-asset';
import { validator } from '../core/validation';
import { connectionFromTriggers, endpointTriggers, SshEndpoint, validateHostKey } from '../k3s/ssh';

export interface TailscaleSubnetRouterProps {
  readonly node: SshEndpoint;
  /** The Tailscale auth key, as a reference to a sensitive variable; only read when the node is not logged in yet (empty otherwise is fine). */
  readonly authKey: string;
  /**
   * IPv4 networks to advertise. Everything in them becomes reachable from
   * the tailnet (subject to its ACLs): advertise what remote users need,
   * e.g. the nodes' addresses (`192.168.86.71/32`), not the pod or service
   * networks, where services without authentication (Longhorn's UI) live.
   */
  readonly routes: readonly string[];
  /** bootstrap/tailscale-subnet-router.sh */
  readonly scriptPath: string;
}

/**
 * `null_resource.tailscale_subnet_router`: Tailscale on a server,
 * advertising the given networks (seed 002). The auth key travels
 * in an uploaded 0600 file inside a 0700 directory, never on a command line.
 */
export class TailscaleSubnetRouter extends Construct {
  public readonly resource: Resource;

  constructor(scope: Construct, id: string, props: TailscaleSubnetRouterProps) {
    super(scope, id);
    const routes = props.routes;
    const { check } = validator(this);
    check('routes', routes, routes.length > 0, 'must list at least one network');
    routes.forEach((r, i) => check(`routes[${i}]`, r, /^\d+\.\d+\.\d+\.\d+\/\d{1,2}$/.test(r), 'must be an IPv4 network like 192.168.86.71/32'));
    // Only some settings add the router: it brings the provider its null_resource needs.
    stackProvider(this, 'null', (stack, providerId) => new NullProvider(stack, providerId));
    const script = new StackAsset(this, 'script', { path: props.scriptPath, type: AssetType.FILE }).path;
    const dir = '/tmp/tailscale-subnet-router';
    validateHostKey(this, props.node, 'node.hostKey');
    const conn = connectionFromTriggers(props.node);
    const sudo = '${self.triggers.ssh_user == "root" ? "" : "sudo -n "}';
    this.resource = new Resource(this, 'router', {
      triggers: { ...endpointTriggers(props.node), routes: routes.join(',') },
      provisioners: [
        { type: 'remote-exec', connection: conn, inline: [`umask 077 && mkdir -p ${dir} && test -O ${dir} && chmod 0700 ${dir}`] },
        { type: 'file', connection: conn, source: script, destination: `${dir}/tailscale-subnet-router.sh` },
        { type: 'file', connection: conn, content: props.authKey, destination: `${dir}/authkey` },
        {
          type: 'remote-exec',
          connection: conn,
          inline: [`${sudo}bash ${dir}/tailscale-subnet-router.sh --auth-key-file ${dir}/authkey --routes \${self.triggers.routes}`],
        },
      ],
    });
    this.resource.overrideLogicalId(ADDRESSES.tailscaleSubnetRouter.name());
  }
}
