import { ChildProcess, spawn, spawnSync } from 'child_process';
import { chmodSync, existsSync, mkdirSync, writeFileSync } from 'fs';
import { join } from 'path';
import { repoRoot } from '../../lib/core/repo-root';
import { handshakeAddress, MAGIC_COOKIE } from './stub-provider/handshake';

/**
 * Running the real Terraform core against our JSON with stub providers:
 * a filesystem mirror holding one stub executable per provider the stack
 * requires, a CLI config pointing only at it, and the environment.
 */
export const TERRAFORM = process.env.TERRAFORM_BIN ?? '/usr/local/bin/terraform';

export interface ProviderUse {
  readonly source: string;
  readonly version: string;
  readonly resources: Set<string>;
  readonly dataSources: Set<string>;
}

/** Providers a synthesized stack requires, with the types it uses of each. */
export function providersOf(stack: any): ProviderUse[] {
  const required = (stack.terraform?.required_providers ?? {}) as Record<string, { source: string; version: string }>;
  const uses = new Map<string, ProviderUse>();
  for (const [local, { source, version }] of Object.entries(required)) {
    if (!/^\d+\.\d+\.\d+$/.test(version ?? '')) throw new Error(`provider ${local}: version ${JSON.stringify(version)} is not an exact pin`);
    uses.set(local, { source: source.includes('/') ? source : `hashicorp/${source}`, version, resources: new Set(), dataSources: new Set() });
  }
  const add = (types: Record<string, unknown> | undefined, key: 'resources' | 'dataSources') => {
    for (const type of Object.keys(types ?? {})) uses.get(type.split('_')[0])?.[key].add(type);
  };
  add(stack.resource, 'resources');
  add(stack.data, 'dataSources');
  return [...uses.values()];
}

/** What the stub serves of a provider: the types the stack uses. */
function stubEnv(p: ProviderUse): Record<string, string> {
  return { STUB_RESOURCES: [...p.resources].join(','), STUB_DATA_SOURCES: [...p.dataSources].join(',') };
}

function stubMain(): string {
  const main = join(repoRoot(), 'dist/tools/harness/stub-provider/main.js');
  if (!existsSync(main)) throw new Error(`${main} is missing: run \`npm run build\` first`);
  return main;
}

/** Writes the mirror and CLI config under `dir`; returns the CLI config path. */
export function prepareMirror(dir: string, providers: ProviderUse[]): string {
  const main = stubMain();
  const mirror = join(dir, 'mirror');
  for (const p of providers) {
    const [namespace, type] = p.source.split('/');
    const pkgDir = join(mirror, 'registry.terraform.io', namespace, type, p.version, 'linux_amd64');
    mkdirSync(pkgDir, { recursive: true });
    const exe = join(pkgDir, `terraform-provider-${type}_v${p.version}`);
    writeFileSync(
      exe,
      `#!/bin/sh\n# Stub of ${p.source} ${p.version} for tests (tools/harness/stub-provider).\n` +
        `${Object.entries(stubEnv(p)).map(([k, v]) => `${k}='${v}'`).join(' ')} ` +
        `exec '${process.execPath}' '${main}' '${p.source}' '${p.version}'\n`,
    );
    chmodSync(exe, 0o755);
  }
  const config = join(dir, 'terraform.rc');
  writeFileSync(config, `provider_installation {\n  filesystem_mirror {\n    path    = "${mirror}"\n    include = ["registry.terraform.io/*/*"]\n  }\n}\n`);
  return config;
}

export interface StubProviders {
  /** The value for TF_REATTACH_PROVIDERS. */
  readonly reattach: string;
  /** Ends the stub processes (they also end when this process does). */
  stop(): void;
}

/**
 * Starts one stub process per provider for Terraform to reattach to, as the
 * plugin SDK's debug mode does: with TF_REATTACH_PROVIDERS set, Terraform
 * connects to the running server instead of starting a process for every
 * provider instance it needs (several per command: schemas, validate, plan,
 * apply), which costs ~0.2 s of Node start-up each.
 *
 * What changes for the provider: nothing it could observe. Every Terraform
 * command still fetches the schema and configures each provider instance
 * anew; the stub's handlers keep no state between calls (each answer
 * depends on the request and the files it names only). `cwd` must be the
 * directory Terraform runs in: a managed provider inherits Terraform's, and
 * relative `filename`s resolve against it. One set per stack working
 * directory: stacks never share a stub process.
 *
 * The JSON is what Terraform 1.11 parses (hashicorp/terraform main.go
 * parseReattachProviders): provider address -> go-plugin (v1.6) ReattachConfig.
 * `Test: true` keeps Terraform from stopping the process when a command ends.
 */
export async function startStubProviders(providers: ProviderUse[], cwd: string): Promise<StubProviders> {
  const main = stubMain();
  const children: ChildProcess[] = [];
  const stop = () => children.forEach((c) => c.exitCode === null && c.kill());
  try {
    const entries = await Promise.all(providers.map(async (p) => {
      const child = spawn(process.execPath, [main, p.source, p.version], {
        cwd,
        env: { ...process.env, ...stubEnv(p), TF_PLUGIN_MAGIC_COOKIE: MAGIC_COOKIE, STUB_UNMANAGED: '1' },
        stdio: ['pipe', 'pipe', 'inherit'],
      });
      children.push(child);
      const address = await handshake(child, p.source);
      const config = { Protocol: 'grpc', ProtocolVersion: 5, Pid: child.pid, Test: true, Addr: { Network: 'tcp', String: address } };
      return [`registry.terraform.io/${p.source}`, config] as const;
    }));
    return { reattach: JSON.stringify(Object.fromEntries(entries)), stop };
  } catch (err) {
    stop();
    throw err;
  }
}

/** The address from the stub's handshake line. */
function handshake(child: ChildProcess, source: string): Promise<string> {
  return new Promise((resolve, reject) => {
    let out = '';
    const onData = (d: Buffer) => {
      out += d;
      if (!out.includes('\n')) return;
      child.stdout!.off('data', onData);
      const address = handshakeAddress(out.split('\n')[0]);
      if (address) resolve(address);
      else reject(new Error(`stub provider ${source}: unexpected handshake ${JSON.stringify(out)}`));
    };
    child.stdout!.on('data', onData);
    child.once('exit', (code) => reject(new Error(`stub provider ${source} exited (${code}) before its handshake`)));
    child.once('error', reject);
  });
}

/** Environment for Terraform with the stubs: no TLS for plugins, no checkpoint calls, no prompts. */
export function terraformEnv(cliConfig: string, extra: NodeJS.ProcessEnv = {}): NodeJS.ProcessEnv {
  return {
    ...process.env,
    TF_CLI_CONFIG_FILE: cliConfig,
    TF_DISABLE_PLUGIN_TLS: '1',
    CHECKPOINT_DISABLE: '1',
    TF_IN_AUTOMATION: '1',
    TF_INPUT: '0',
    TF_PLUGIN_CACHE_DIR: '',
    ...extra,
  };
}

export interface RunResult {
  readonly status: number | null;
  readonly stdout: string;
  readonly stderr: string;
}

export function terraformSync(args: string[], cwd: string, env: NodeJS.ProcessEnv): RunResult {
  const r = spawnSync(TERRAFORM, args, { cwd, env, encoding: 'utf8', maxBuffer: 64 * 1024 * 1024 });
  if (r.error) throw new Error(`cannot run ${TERRAFORM}: ${r.error.message} (Terraform 1.11 is expected at /usr/local/bin/terraform)`);
  return { status: r.status, stdout: r.stdout, stderr: r.stderr };
}

export function terraform(args: string[], cwd: string, env: NodeJS.ProcessEnv): Promise<RunResult> {
  return new Promise((resolve, reject) => {
    const child = spawn(TERRAFORM, args, { cwd, env });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (d) => (stdout += d));
    child.stderr.on('data', (d) => (stderr += d));
    child.on('error', (err) => reject(new Error(`cannot run ${TERRAFORM}: ${err.message}`)));
    child.on('close', (status) => resolve({ status, stdout, stderr }));
  });
}
