import { SSHProvisionerConnection } from 'cdktf';
import { terraformDuration } from '../rules/quantities';
import { IConstruct } from 'constructs';
import { validator } from '../core/validation';
import { DEFAULT_SSH_PORT, DEFAULT_SSH_TIMEOUT_SECONDS } from '../rules/ssh-connection';
import { isSshPublicKey, SSH_HOST_KEY_RULE } from '../rules/ssh-key';

/**
 * How to reach a node over SSH. The install resources copy these values into
 * their `triggers` and connect through `self.triggers.*`: destroy-time
 * provisioners may only use `self`, and `file()` of the key then runs when a
 * provisioner runs (apply), never at plan, so plan review needs no keys.
 */
export interface SshEndpoint {
  readonly hostname: string;
  readonly host: string;
  readonly user: string;
  readonly keyPath: string;
  /** @default 22 */
  readonly port?: number;
  /**
   * The node's SSH host public key line (`ssh-ed25519 AAAA...`): every
   * connection to the node (Terraform's `host_key`, the operator-side
   * scripts' pinned known_hosts) refuses any other key.
   * @default - not verified: the first key the address answers with is trusted
   */
  readonly hostKey?: string;
}

/** Refuses (a ValidationError naming `scope`'s path and `field`) a host key that is not one public key line. */
export function validateHostKey(scope: IConstruct, endpoint: SshEndpoint, field: string): void {
  validator(scope).check(field, endpoint.hostKey, (v?: string) => v === undefined || isSshPublicKey(v), SSH_HOST_KEY_RULE);
}

/** Trigger keys holding an endpoint; `prefix` distinguishes the agent's server. */
export function endpointTriggers(endpoint: SshEndpoint, prefix = ''): Record<string, string> {
  return {
    [`${prefix}hostname`]: endpoint.hostname,
    [`${prefix}host`]: endpoint.host,
    [`${prefix}ssh_user`]: endpoint.user,
    [`${prefix}ssh_key_path`]: endpoint.keyPath,
    [`${prefix}ssh_port`]: String(endpoint.port ?? DEFAULT_SSH_PORT),
    // Only when given: state written before host keys existed stays as it is.
    ...(endpoint.hostKey !== undefined ? { [`${prefix}ssh_host_key`]: endpoint.hostKey } : {}),
  };
}

/**
 * Trigger keys that only say how to reach a node. K3s nodes keep them in
 * their triggers (state written by earlier versions has them) but ignore
 * their changes: a new address, user, key path or port is not a new node.
 */
export function connectionTriggerKeys(prefix = ''): string[] {
  return ['host', 'ssh_user', 'ssh_key_path', 'ssh_port', 'ssh_host_key'].map((k) => `${prefix}${k}`);
}

/** `lifecycle.ignore_changes` entries for the connection keys under each of `prefixes`. */
export function ignoredConnectionTriggers(...prefixes: string[]): string[] {
  return prefixes.flatMap((p) => connectionTriggerKeys(p)).map((k) => `triggers["${k}"]`);
}

/**
 * The endpoint as the environment of the operator-side scripts (check-node.sh,
 * fetch-kubeconfig.sh, leave-cluster.sh): plain strings from the current
 * settings; the scripts read the key only when they run.
 */
export function endpointEnvironment(endpoint: SshEndpoint): Record<string, string> {
  return {
    NODE_NAME: endpoint.hostname,
    NODE_HOST: endpoint.host,
    SSH_USER: endpoint.user,
    SSH_KEY_PATH: endpoint.keyPath,
    SSH_PORT: String(endpoint.port ?? DEFAULT_SSH_PORT),
    // A public key (not a secret): the scripts pin it in a known_hosts file of their own.
    ...(endpoint.hostKey !== undefined ? { SSH_HOST_KEY: endpoint.hostKey } : {}),
  };
}

/**
 * A connection to `endpoint` that reads it back from `self.triggers`; with
 * a host key, Terraform refuses a host that answers with another key.
 */
export function connectionFromTriggers(endpoint: SshEndpoint, prefix = '', timeoutSeconds = DEFAULT_SSH_TIMEOUT_SECONDS): SSHProvisionerConnection {
  const t = (key: string) => `\${self.triggers.${prefix}${key}}`;
  return {
    type: 'ssh',
    host: t('host'),
    user: t('ssh_user'),
    port: t('ssh_port') as unknown as number,
    privateKey: `\${file(pathexpand(self.triggers.${prefix}ssh_key_path))}`,
    ...(endpoint.hostKey !== undefined ? { hostKey: t('ssh_host_key') } : {}),
    timeout: terraformDuration(timeoutSeconds),
  };
}

/** `sudo -n ` unless the SSH user is root (then there may be no sudo at all). */
export function sudoFor(user: string): string {
  return user === 'root' ? '' : 'sudo -n ';
}

/** Single-quotes a value for sh; used for non-secret arguments only. */
export function shellQuote(value: string): string {
  return `'${value.replace(/'/g, `'\\''`)}'`;
}
