import { spawn } from 'child_process';
import { existsSync, mkdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'fs';
import { join } from 'path';
import { MAGIC_COOKIE } from '../../tools/harness/stub-provider/handshake';
import { prepareMirror, providersOf, startStubProviders, StubProviders, terraformEnv, terraformSync } from '../../tools/harness/terraform';
import { ROOT, tempDir } from '../helpers/repo';

/**
 * The e2e run starts each stub provider once per stack and lets Terraform
 * reattach to it (TF_REATTACH_PROVIDERS). These tests hold what that must
 * keep: Terraform really reattaches (no provider process of its own), the
 * provider works as a managed one would (relative paths resolve in the
 * directory Terraform runs in), and no stub outlives the harness.
 */
describe('stub providers Terraform reattaches to', () => {
  let stubs: StubProviders | undefined;
  afterEach(() => stubs?.stop());

  it('serve init-installed stacks for apply, plan and destroy without Terraform starting a provider', async () => {
    const dir = tempDir('stub-reattach');
    const work = join(dir, 'stack');
    mkdirSync(work);
    const config = {
      terraform: { required_providers: {
        local: { source: 'hashicorp/local', version: '2.6.1' },
        random: { source: 'hashicorp/random', version: '3.7.2' },
      } },
      resource: {
        random_password: { token: { length: 24, special: false } },
        // Relative, as the synthesized stacks write the kubeconfig: a managed provider resolves it in Terraform's directory.
        local_file: { kubeconfig: { filename: 'out/kubeconfig', content: 'token: ${random_password.token.result}\n', file_permission: '0600' } },
      },
    };
    writeFileSync(join(work, 'main.tf.json'), JSON.stringify(config));
    const env = terraformEnv(prepareMirror(dir, providersOf(config)));
    expect(terraformSync(['init', '-input=false'], work, env).status).toBe(0);
    stubs = await startStubProviders(providersOf(config), work);
    // Without the installed packages, a provider Terraform starts itself fails: every step below must reattach.
    rmSync(join(work, '.terraform/providers'), { recursive: true });
    const reattached = { ...env, TF_REATTACH_PROVIDERS: stubs.reattach };

    const apply = terraformSync(['apply', '-auto-approve', '-input=false', '-no-color'], work, reattached);
    expect(apply.stderr).toBe('');
    expect(apply.status).toBe(0);
    const file = join(work, 'out/kubeconfig');
    expect(statSync(file).mode & 0o777).toBe(0o600);
    expect(readFileSync(file, 'utf8')).toMatch(/^token: [A-Za-z0-9]{24}\n$/);
    // The same processes serve the next commands, each configuring the providers anew.
    expect(terraformSync(['plan', '-detailed-exitcode', '-input=false'], work, reattached).status).toBe(0);
    expect(terraformSync(['destroy', '-auto-approve', '-input=false'], work, reattached).status).toBe(0);
    expect(existsSync(file)).toBe(false);
  });

  it('a stub started to be reattached to ends when the process that started it ends (its stdin closes)', async () => {
    const child = spawn(process.execPath, [join(ROOT, 'dist/tools/harness/stub-provider/main.js'), 'hashicorp/null', '3.2.4'], {
      env: { ...process.env, STUB_RESOURCES: 'null_resource', STUB_UNMANAGED: '1', TF_PLUGIN_MAGIC_COOKIE: MAGIC_COOKIE },
      stdio: ['pipe', 'pipe', 'inherit'],
    });
    const exited = new Promise<number | null>((resolve) => child.once('exit', (code) => resolve(code)));
    await new Promise((resolve) => child.stdout.once('data', resolve));
    child.stdin.end();
    const timeout = new Promise<'still running'>((resolve) => setTimeout(() => resolve('still running'), 5000).unref());
    const outcome = await Promise.race([exited, timeout]);
    if (outcome === 'still running') child.kill();
    expect(outcome).toBe(0);
  });
});
