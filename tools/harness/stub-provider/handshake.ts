/**
 * go-plugin's handshake for Terraform providers (hashicorp/terraform
 * internal/plugin/serve.go): Terraform sets this cookie in the plugin's
 * environment, and the plugin answers with one line on stdout.
 * Kept apart from main.ts so the harness can use it without loading gRPC.
 */
export const MAGIC_COOKIE = 'd602bf8f470bc67ca7faa0386276bbdd4330efaf76d1a219cb4d6991ca9872b2';

/** Core protocol 1, plugin protocol 5, plain TCP (TF_DISABLE_PLUGIN_TLS). */
export const handshakeLine = (port: number) => `1|5|tcp|127.0.0.1:${port}|grpc\n`;

/** The address a handshake line names, or undefined. */
export const handshakeAddress = (line: string) => /^1\|5\|tcp\|([^|]+)\|grpc$/.exec(line)?.[1];
