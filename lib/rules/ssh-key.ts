/**
 * The OpenSSH public key line rule, in one place for the settings schemas
 * (authorized keys, host keys) and the constructs (no cdktf here):
 * `<type> <base64> [comment]`, as in `~/.ssh/id_ed25519.pub` or one line of
 * `ssh-keyscan` without its leading host name. Never a private key.
 */
export const SSH_PUBLIC_KEY =
  /^(ssh-(ed25519|rsa)|ecdsa-sha2-nistp(256|384|521)|sk-(ssh-ed25519|ecdsa-sha2-nistp256)@openssh\.com) [A-Za-z0-9+/]+={0,3}( [^\n]*)?$/;

export const SSH_PUBLIC_KEY_RULE = 'must be one OpenSSH public key line (ssh-ed25519 AAAA... comment); never a private key';

export const SSH_HOST_KEY_RULE =
  'must be the node\'s SSH host public key, one line as ssh-keyscan prints it without the host name (ssh-ed25519 AAAA...)';

export function isSshPublicKey(value: string): boolean {
  return SSH_PUBLIC_KEY.test(value);
}

/**
 * What synth and `npm run review` say, once per node, when a node reached
 * over SSH has no `ssh_host_key`.
 */
export function missingHostKeyWarning(hostname: string, address: string): string {
  return `${hostname} (${address}) has no ssh_host_key: SSH does not verify it, so whatever answers there first gets its config and join token (docs/ssh-and-tokens.md: ssh-keyscan once, verify out of band)`;
}
