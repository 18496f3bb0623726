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
import { endpointEnvironment, endpointTriggers, ignoredConnectionTriggers, SshEndpoint } from './ssh';

export interface K3sKubeconfigProps {
  /** Names the cluster, context and user in the written kubeconfig. */
  readonly clusterName: string;
  /** The first server, where /etc/rancher/k3s/k3s.yaml is read. */
  readonly server: SshEndpoint;
  /** The API URL written into the kubeconfig, e.g. https://192.168.1.101:6443. */
  readonly apiEndpoint: string;
  /** Where the kubeconfig is written (0600), relative to the stack directory. */
  readonly kubeconfigPath: string;
  /** Where the server's original copy is kept (0600) for Terraform to read at every plan. */
  readonly fetchedPath: string;
  readonly scripts: K3sBootstrapScripts;
  /** The first server's install: fetched once it is Ready, again if it is reinstalled. */
  readonly serverInstall: Resource;
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
 * Fetches the first server's kubeconfig over SSH (`null_resource.kubeconfig_fetch`),
 * reads it (`data.local_sensitive_file.kubeconfig_fetched`), and writes
 * `local_file.kubeconfig` (0600) by parsing the YAML: server URL set to
 * `apiEndpoint`, cluster/context/user named after the cluster. The same
 * parsed credentials configure the providers, so one apply from empty state
 * can install charts.
 */
export class K3sKubeconfig extends Construct {
  public readonly file: File;
  public readonly credentials: KubernetesCredentials;

  constructor(scope: Construct, id: string, props: K3sKubeconfigProps) {
    super(scope, id);
    const { check } = validator(this);
    check('apiEndpoint', props.apiEndpoint, /^https:\/\/[^/\s]+:\d+$/.test(props.apiEndpoint), 'must be an https URL with a port, like https://192.168.1.101:6443');
    check('clusterName', props.clusterName, isDnsLabel, DNS_LABEL_RULE);
    const s = props.server;
    const fetch = new Resource(this, 'fetch', {
      triggers: {
        server_install_id: props.serverInstall.id,
        ...connectionOnly(endpointTriggers(s)),
        dest: props.fetchedPath,
      },
      // A new address, user, key path, port or host key is the same server: no new fetch.
      lifecycle: { ignoreChanges: ignoredConnectionTriggers('') },
      provisioners: [
        {
          type: 'local-exec',
          command: `bash ${props.scripts.path('fetch-kubeconfig.sh')}`,
          environment: { ...endpointEnvironment(s), DEST: '${self.triggers.dest}' },
        },
        // The raw copy holds credentials: it goes with the cluster.
        { type: 'local-exec', when: 'destroy', command: 'rm -f "$DEST"', environment: { DEST: '${self.triggers.dest}' } },
      ],
    });
    fetch.overrideLogicalId(ADDRESSES.kubeconfigFetch.name());
    dependOn(fetch, [props.serverInstall, ...(props.after ?? [])]);

    const fetched = new DataLocalSensitiveFile(this, 'fetched', { filename: props.fetchedPath });
    dependOn(fetched, [fetch]);
    fetched.overrideLogicalId(ADDRESSES.kubeconfigFetched.name());

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

    this.credentials = {
      host: props.apiEndpoint,
      clusterCaCertificate: Fn.base64decode(caData),
      clientCertificate: Fn.base64decode(Fn.lookupNested(raw, ['users', 0, 'user', 'client-certificate-data'])),
      clientKey: Fn.base64decode(Fn.lookupNested(raw, ['users', 0, 'user', 'client-key-data'])),
    };
  }
}

/** The endpoint's trigger keys without `hostname` (the fetch never had it). */
function connectionOnly(triggers: Record<string, string>): Record<string, string> {
  const { hostname: _hostname, ...rest } = triggers;
  return rest;
}
