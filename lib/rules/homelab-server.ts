/**
 * How an adopted server differs from an installed one, in one place for the
 * homelab settings and the K3sHomelabServer construct (no cdktf here).
 */
export const KUBECONFIG_REQUIRED_RULE = 'is required when server.existing = true (Terraform talks to the running cluster with it)';
export const JOIN_TOKEN_FILE_INSTALLED_RULE = 'must be unset when server.existing = false (the token is generated)';
