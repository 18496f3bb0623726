/* No cdktf here: the review imports it. */
/**
 * Upgrade-resource trigger keys of settings that live in the nodes' config
 * files (set only when used); the review names their changes in words.
 */
export const RECONFIGURE_TRIGGERS = { apiEndpoint: 'api_endpoint', etcdSnapshots: 'etcd_snapshots' } as const;

