/**
 * The OpenSSH public key line rule, in one place for the settings schemas
 * (authorized keys, host keys) and the constructs (no cdktf here):
 * `<type> <base64> [comment]`, as in `~/.ssh/id_ed25519.pub` or one line of
 * `ssh-keyscan` without its leading host name. Never a private key.
 */
export const SSH_PUBLIC_KEY =
  /^(ssh-(ed25519|rsa)|ecdsa-sha2-nistp(256|384|521)|sk-(ssh-ed25519|ecdsa-sha2-nistp256)@openssh\.com) [A-Za-z0-9+/]+={0,3}( [^\n]*)?$/;

export const SSH_PUBLIC_KEY_RULE = 'must be one OpenSSH public key line (ssh-ed25519 AAAA... comment), its base64 key of the type it names; never a private key';

export const SSH_HOST_KEY_RULE =
  'must be the node\'s SSH host public key, one line as ssh-keyscan prints it without the host name (ssh-ed25519 AAAA...), its base64 key of the type it names';

/**
 * Whether `value` is a public key line whose base64 blob is the key it says:
 * the blob is in the SSH wire format (RFC 4253 section 6.6: a uint32
 * length, then the key type name, then the key), and its type name must be
 * the line's type. `ssh-ed25519 AAAA...` with a truncated blob, or `ssh-rsa`
 * with an ed25519 blob, would otherwise pass here and fail only at apply,
 * after SSH's retries.
 */
export function isSshPublicKey(value: string): boolean {
  const m = SSH_PUBLIC_KEY.exec(value);
  return m !== null && blobKeyType(value.split(' ')[1]) === m[1];
}

/** The key type name a base64 key blob starts with, or undefined when it is not a well-formed blob. */
export function blobKeyType(base64: string): string | undefined {
  const blob = Buffer.from(base64, 'base64');
  // Buffer ignores what is not base64: the text must be exactly this blob's encoding.
  if (blob.toString('base64').replace(/=+$/, '') !== base64.replace(/=+$/, '')) return undefined;
  if (blob.length < 4) return undefined;
  const length = blob.readUInt32BE(0);
  // A type name is short printable ASCII, and a key follows it.
  if (length === 0 || length > 64 || blob.length <= 4 + length) return undefined;
  const type = blob.subarray(4, 4 + length).toString('latin1');
  return /^[\x21-\x7e]+$/.test(type) ? type : undefined;
}

/**
 * What synth and `npm run review` say, once per node, when a node reached
 * over SSH has no `ssh_host_key`.
 */
export function missingHostKeyWarning(hostname: string, address: string): string {
  return `${hostname} (${address}) has no ssh_host_key: SSH does not verify it, so whatever answers there first gets its config and join token (docs/ssh-and-tokens.md: ssh-keyscan once, verify out of band)`;
}
