/**
 * K3s's datastores, in one place for the settings, the constructs and the
 * review (no cdktf here). A single server keeps its data in SQLite, which
 * holds one server only (docs.k3s.io/datastore: "SQLite cannot be used on
 * clusters with multiple servers"); more servers need embedded etcd. K3s
 * converts a SQLite server to embedded etcd when it restarts with
 * `cluster-init` (docs.k3s.io/datastore/ha-embedded; k3s-io/k3s discussion
 * #4650: "start an existing standalone node with --cluster-init"), after
 * which other servers can join it.
 */

/** Where the conversion is described step by step. */
export const SQLITE_TO_ETCD_DOC = 'docs/day2.md#from-one-sqlite-server-to-embedded-etcd';

/** K3s's conversion of a running single server, in words (server: its host name). */
export function sqliteToEtcdSteps(server: string): string {
  return `convert it to embedded etcd first (docs.k3s.io/datastore/ha-embedded): take a backup, add \`cluster-init: true\` to /etc/rancher/k3s/config.yaml on ${server} and run \`sudo systemctl restart k3s\` there; ` +
    `once \`kubectl get nodes\` shows it as \`control-plane,etcd\`, apply. Steps: ${SQLITE_TO_ETCD_DOC}`;
}

/** Why a SQLite cluster keeps one server (chocolandiadc-mvp's settings). */
export const SQLITE_SINGLE_SERVER_RULE =
  'the MVP runs exactly one server (SQLite datastore, seed 001): SQLite holds one server only, and servers added to it would try to join it as etcd members and fail half-way through the apply. ' +
  `For more servers, K3s converts the running server to embedded etcd when it restarts with cluster-init (docs.k3s.io/datastore/ha-embedded); then manage the cluster as an embedded-etcd environment (k3s-gitops with 3 servers): ${SQLITE_TO_ETCD_DOC}`;
