/**
 * Which K3s join token an agent may hold, in one place (no cdktf here).
 * A token in secure format is `K10<cluster CA hash>::<credentials>`
 * (docs.k3s.io/cli/token, "Token Format"; k3s pkg/clientaccess/token.go
 * parseToken); the server token's credentials are `server:<password>`, the
 * agent token's `node:<password>` (k3s docs/adrs/agent-join-token.md:
 * "Servers use a username of `server`, while agents ... use `node`"), a
 * bootstrap token's (`k3s token create`) `<id>.<secret>`. The server token
 * is what /var/lib/rancher/k3s/server/node-token and .../token hold, and
 * .../agent-token too while no agent-token is set (the file is then a link
 * to the server token, docs.k3s.io/cli/token "Agent"). Anyone holding it
 * has full administrator access and can decrypt the bootstrap data, so it
 * never goes into an agent's user data.
 */
export const SERVER_TOKEN_REGEX = '^K10[0-9A-Fa-f]*::server:';
/** The same, anywhere in a text (a node's user data that embeds its K3s config). */
export const SERVER_TOKEN_IN_TEXT_REGEX = 'K10[0-9A-Fa-f]*::server:';

export function isServerToken(token: string): boolean {
  return new RegExp(SERVER_TOKEN_REGEX).test(token.trim());
}

export const AGENT_JOIN_TOKEN_RULE =
  'must be a token an agent may hold: the agent token (set agent-token on the server, then /var/lib/rancher/k3s/server/agent-token) ' +
  'or a bootstrap token (k3s token create), never the server token (K10<CA hash>::server:<password>, what node-token holds), ' +
  'which gives full administrator access to the cluster (docs.k3s.io/cli/token; docs/k3s-homelab.md)';
