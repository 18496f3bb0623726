/**
 * The defaults of a node's SSH connection, for the settings schemas, the
 * constructs and the tools alike (one place: a changed default changes all).
 */

/** The SSH port when none is given. */
export const DEFAULT_SSH_PORT = 22;

/** How long the install steps wait for a node's SSH port before failing (a booting node). */
export const DEFAULT_SSH_WAIT_SECONDS = 120;

/** Terraform's SSH connection timeout: how long each connection retries before the apply fails. */
export const DEFAULT_SSH_TIMEOUT_SECONDS = 300;
