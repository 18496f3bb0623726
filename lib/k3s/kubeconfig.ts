import { DataLocalSensitiveFile } from '@cdktf/provider-local/lib/data-local-sensitive-file';
import { File } from '@cdktf/provider-local/lib/file';
import { Resource } from '@cdktf/provider-null/lib/resource';
import { Fn, ITerraformDependable } from 'cdktf';
import { Construct } from 'constructs';
import { ADDRESSES } from '../core/addresses';
import { dependOn } from '../core/depends-on';
import { validator } from '../core/validation';
import { DNS_LABEL_RULE, isDnsLabel } from '../rules/network';
import { K3sBootstrapScripts } from './bootstrap-scripts';
import { SshEndpoint } from './ssh';

export interface K3sKubeconfigProps {
  /** Names the cluster, context and user in the written kubeconfig. */
  readonly clusterName: string;
  /** The servers in join order: the kubeconfig is read from the first that answers. */
  readonly servers: readonly SshEndpoint[];
  /** The API URL written into `local_file.kubeconfig`, e.g. https://192.168.1.101:6443. */
  readonly apiEndpoint: string;
  /**
   * The address the providers use once it answers: the API address
   * (kube-vip's virtual IP, a DNS name, a load balancer), or the first
   * server's. A change points the fetched copy, and so the providers, at
   * the new address as soon as it answers; until then they stay where they were.
   */
  readonly providerAddress: string;
  /** Where the kubeconfig is written (0600), relative to the stack directory. */
  readonly kubeconfigPath: string;
  /** Where the server's original copy is kept (0600) for Terraform to read at every plan. */
  readonly fetchedPath: string;
  readonly scripts: K3sBootstrapScripts;
  /** The servers' install resources: the first fetch waits for them (the API is ready on every server). */
  readonly serverInstalls: readonly Resource[];
  /** The servers' upgrade resources: `providerAddress` is waited for after them (they deliver the kube-vip manifest). @default - none */
  readonly serverUpgrades?: readonly Resource[];
  /** How long to wait for `providerAddress` to answer. @default 300 */
  readonly announceWaitSeconds?: number;
  /** What else must exist first. @default - nothing */
  readonly after?: ITerraformDependable[];
}

/** Client credentials for the helm and kubernetes providers (all sensitive). */
export interface KubernetesCredentials {
  readonly host: string;
  readonly clusterCaCertificate: string;
  readonly clientCertificate: string;
  readonly clientKey: string;
}

/**
 * The cluster's credentials, in three resources:
 * - `null_resource.kubeconfig_fetch` copies a server's kubeconfig (the first
 *   that answers, in join order) over SSH, once in the cluster's life: its
 *   triggers are ignored, so replacing or removing any server, the first
 *   included, never replaces it, and the credentials stay known at plan
 *   (providers configured from a resource being replaced get unknown values,
 *   which the real helm and kubernetes providers refuse);
 * - `data.local_sensitive_file.kubeconfig_fetched` reads that copy at every
 *   plan: the providers' host and credentials come from it, so they talk to
 *   an address that answered, never to one nothing announces yet (no
 *   plan-time probe: the CI plan job runs no command of the pull request);
 * - `null_resource.kubeconfig_endpoint`: after the servers' upgrades (which
 *   deliver kube-vip's manifest), waits until `providerAddress` (the API
 *   address, or the first server's) answers, then points the copy at it;
 *   the providers follow from the next plan on, and the kubeconfig is
 *   written after it. Replaced when that address changes (api_endpoint
 *   added or changed, the first server removed or moved).
 * `local_file.kubeconfig` (0600) is the user's kubeconfig: server URL
 * `apiEndpoint`, cluster/context/user named after the cluster.
 */
export class K3sKubeconfig extends Construct {
  public readonly file: File;
  /** `null_resource.kubeconfig_endpoint`: points the fetched copy at `providerAddress` once it answers. */
  public readonly endpoint: Resource;
  public readonly credentials: KubernetesCredentials;

  constructor(scope: Construct, id: string, props: K3sKubeconfigProps) {
    super(scope, id);
    const { check } = validator(this);
    check('apiEndpoint', props.apiEndpoint, /^https:\/\/[^/\s]+:\d+$/.test(props.apiEndpoint), 'must be an https URL with a port, like https://192.168.1.101:6443');
    check('clusterName', props.clusterName, isDnsLabel, DNS_LABEL_RULE);
    check('servers', props.servers.length, props.servers.length > 0, 'must list at least one server');
    const fetch = new Resource(this, 'fetch', {
      triggers: { cluster: props.clusterName, dest: props.fetchedPath },
      // Fetched once in the cluster's life: no server's replacement, removal or new address re-fetches (state of
      // earlier versions keeps its triggers, the first server's install id among them, and is not replaced either).
      lifecycle: { ignoreChanges: ['triggers'] },
      provisioners: [
        {
          type: 'local-exec',
          command: `bash ${props.scripts.path('fetch-kubeconfig.sh')}`,
          environment: { SERVERS: serverLines(props.servers), DEST: '${self.triggers.dest}' },
        },
        // The raw copy holds credentials: it goes with the cluster.
        { type: 'local-exec', when: 'destroy', command: 'rm -f "$DEST"', environment: { DEST: '${self.triggers.dest}' } },
      ],
    });
    fetch.overrideLogicalId(ADDRESSES.kubeconfigFetch.name());
    dependOn(fetch, [...props.serverInstalls, ...(props.after ?? [])]);

    const fetched = new DataLocalSensitiveFile(this, 'fetched', { filename: props.fetchedPath });
    dependOn(fetched, [fetch]);
    fetched.overrideLogicalId(ADDRESSES.kubeconfigFetched.name());

    {
      const endpoint = new Resource(this, 'endpoint', {
        triggers: { api_address: props.providerAddress, dest: props.fetchedPath },
        provisioners: [{
          type: 'local-exec',
          command: `bash ${props.scripts.path('fetch-kubeconfig.sh')} --point-at \${self.triggers.api_address}`,
          environment: { DEST: '${self.triggers.dest}', WAIT_SECONDS: String(props.announceWaitSeconds ?? 300) },
        }],
      });
      endpoint.overrideLogicalId(ADDRESSES.kubeconfigEndpoint.name());
      dependOn(endpoint, [fetch, ...(props.serverUpgrades ?? [])]);
      this.endpoint = endpoint;
    }

    const raw = Fn.yamldecode(fetched.content);
    const caData = Fn.lookupNested(raw, ['clusters', 0, 'cluster', 'certificate-authority-data']);
    const user = Fn.lookupNested(raw, ['users', 0, 'user']);
    const name = props.clusterName;
    this.file = new File(this, 'file', {
      filename: props.kubeconfigPath,
      filePermission: '0600',
      directoryPermission: '0700',
      content: Fn.yamlencode({
        apiVersion: 'v1',
        kind: 'Config',
        clusters: [{ name, cluster: { 'certificate-authority-data': caData, server: props.apiEndpoint } }],
        contexts: [{ name, context: { cluster: name, user: name } }],
        'current-context': name,
        users: [{ name, user }],
        preferences: {},
      }),
    });
    this.file.overrideLogicalId(ADDRESSES.kubeconfig.name());
    // Written once the API address answers: the kubeconfig never names an address nothing announces.
    dependOn(this.file, [this.endpoint]);

    this.credentials = {
      // The server the copy came from, or the API address once it answered (kubeconfig_endpoint): read at plan.
      host: Fn.lookupNested(raw, ['clusters', 0, 'cluster', 'server']),
      clusterCaCertificate: Fn.base64decode(caData),
      clientCertificate: Fn.base64decode(Fn.lookupNested(raw, ['users', 0, 'user', 'client-certificate-data'])),
      clientKey: Fn.base64decode(Fn.lookupNested(raw, ['users', 0, 'user', 'client-key-data'])),
    };
  }
}

/** The servers as fetch-kubeconfig.sh's SERVERS lines (no secrets: the key is a path). */
function serverLines(servers: readonly SshEndpoint[]): string {
  return servers
    .map((s) => [s.hostname, s.host, String(s.port ?? 22), s.user, s.keyPath, ...(s.hostKey !== undefined ? [s.hostKey] : [])].join('\t'))
    .join('\n');
}
