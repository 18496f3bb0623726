import { stringify } from 'yaml';

/**
 * kube-vip announcing the cluster's API address from the servers (ARP,
 * leader election), deployed the way kube-vip documents for K3s
 * (kube-vip.io/docs/usage/k3s/): RBAC and a DaemonSet in K3s's auto-deploy
 * directory, /var/lib/rancher/k3s/server/manifests. What `kube-vip manifest
 * rbac` and `kube-vip manifest daemonset --controlplane --arp
 * --leaderElection --inCluster --taint` write at the pinned tag (v1.2.3:
 * pkg/kubevip/config_generator.go for the objects, cmd/kube-vip.go for the
 * flag defaults, e.g. the leases 15/10/2 s since v1.1.0): same objects,
 * environment in the same order, rules and security context, without
 * `--services` (this is for the API address only, so no svc_* variables).
 * __tests__/k3s/kube-vip.test.ts holds it against values derived from that
 * source (__tests__/k3s/fixtures/kube-vip-v1.2.3.json).
 */
export const KUBE_VIP_IMAGE = 'ghcr.io/kube-vip/kube-vip:v1.2.3';

export interface KubeVipManifestInput {
  /** The virtual IPv4 address the API is reached at. */
  readonly address: string;
  /** The servers' network interface that announces it, e.g. eth0. */
  readonly interface: string;
}

export function kubeVipObjects(input: KubeVipManifestInput): Record<string, unknown>[] {
  const namespace = 'kube-system';
  const labels = { 'app.kubernetes.io/name': 'kube-vip-ds', 'app.kubernetes.io/version': 'v1.2.3' };
  const env = (name: string, value: string) => ({ name, value });
  return [
    { apiVersion: 'v1', kind: 'ServiceAccount', metadata: { name: 'kube-vip', namespace } },
    {
      apiVersion: 'rbac.authorization.k8s.io/v1',
      kind: 'ClusterRole',
      metadata: { name: 'system:kube-vip-role' },
      rules: [
        { apiGroups: [''], resources: ['services/status'], verbs: ['update'] },
        { apiGroups: [''], resources: ['services', 'endpoints'], verbs: ['list', 'get', 'watch', 'update'] },
        { apiGroups: [''], resources: ['nodes'], verbs: ['list', 'get', 'watch', 'update', 'patch'] },
        { apiGroups: ['coordination.k8s.io'], resources: ['leases'], verbs: ['list', 'get', 'watch', 'update', 'create'] },
        { apiGroups: ['discovery.k8s.io'], resources: ['endpointslices'], verbs: ['list', 'get', 'watch', 'update'] },
        { apiGroups: [''], resources: ['pods'], verbs: ['list'] },
      ],
    },
    {
      apiVersion: 'rbac.authorization.k8s.io/v1',
      kind: 'ClusterRoleBinding',
      metadata: { name: 'system:kube-vip-binding' },
      roleRef: { apiGroup: 'rbac.authorization.k8s.io', kind: 'ClusterRole', name: 'system:kube-vip-role' },
      subjects: [{ kind: 'ServiceAccount', name: 'kube-vip', namespace }],
    },
    {
      apiVersion: 'apps/v1',
      kind: 'DaemonSet',
      metadata: { name: 'kube-vip-ds', namespace, labels },
      spec: {
        selector: { matchLabels: { 'app.kubernetes.io/name': 'kube-vip-ds' } },
        template: {
          metadata: { labels },
          spec: {
            serviceAccountName: 'kube-vip',
            hostNetwork: true,
            containers: [{
              name: 'kube-vip',
              image: KUBE_VIP_IMAGE,
              imagePullPolicy: 'IfNotPresent',
              args: ['manager'],
              env: [
                env('vip_arp', 'true'),
                env('port', '6443'),
                { name: 'vip_nodename', valueFrom: { fieldRef: { fieldPath: 'spec.nodeName' } } },
                env('vip_interface', input.interface),
                env('vip_subnet', '32'),
                env('dns_mode', 'first'),
                env('cp_enable', 'true'),
                env('cp_namespace', namespace),
                env('vip_leaderelection', 'true'),
                env('vip_leasename', 'plndr-cp-lock'),
                env('vip_leaseduration', '15'),
                env('vip_renewdeadline', '10'),
                env('vip_retryperiod', '2'),
                env('address', input.address),
                env('prometheus_server', ':2112'),
              ],
              securityContext: { capabilities: { add: ['NET_ADMIN', 'NET_RAW'], drop: ['ALL'] } },
            }],
            tolerations: [{ effect: 'NoSchedule', operator: 'Exists' }, { effect: 'NoExecute', operator: 'Exists' }],
            affinity: {
              nodeAffinity: {
                requiredDuringSchedulingIgnoredDuringExecution: {
                  nodeSelectorTerms: [
                    { matchExpressions: [{ key: 'node-role.kubernetes.io/master', operator: 'Exists' }] },
                    { matchExpressions: [{ key: 'node-role.kubernetes.io/control-plane', operator: 'Exists' }] },
                  ],
                },
              },
            },
          },
        },
      },
    },
  ];
}

/** The objects as one multi-document YAML file for K3s's manifests directory. */
export function kubeVipManifest(input: KubeVipManifestInput): string {
  return kubeVipObjects(input).map((o) => stringify(o, { lineWidth: 0, aliasDuplicateObjects: false })).join('---\n');
}
