import { spawnSync } from 'child_process';
import { existsSync, mkdirSync, readFileSync, statSync, writeFileSync } from 'fs';
import { join } from 'path';
import { providerSchema } from '../../tools/providers/pinned';
import { prepareMirror, providersOf, terraformEnv, terraformSync } from '../../tools/harness/terraform';
import { verifyAll, verifyStack } from '../../tools/harness/verify';
import { runSynth, tempDir } from '../helpers/repo';

/** Synthesizes the example settings into a fresh outdir with the real entry point. */
function synthesize(): string {
  const out = tempDir('verify-out');
  const r = runSynth(out);
  if (r.status !== 0) throw new Error(r.stderr);
  return out;
}

describe('stub schemas come from the pinned bindings', () => {
  const schema = (source: string, version: string, resources: string[], data: string[] = []) => providerSchema(source, version, resources, data);

  it('null 3.2.4: null_resource.triggers is an optional map of strings; id is computed', () => {
    const b = schema('hashicorp/null', '3.2.4', ['null_resource']).resource_schemas.null_resource.block;
    expect(b.attributes!.triggers).toEqual({ type: ['map', 'string'], optional: true });
    expect(b.attributes!.id).toEqual({ type: 'string', computed: true });
  });

  it('local 2.6.1: filename required, file_permission optional and computed, data content sensitive', () => {
    const s = schema('hashicorp/local', '2.6.1', ['local_file'], ['local_sensitive_file']);
    expect(s.resource_schemas.local_file.block.attributes!.filename).toEqual({ type: 'string', required: true });
    expect(s.resource_schemas.local_file.block.attributes!.file_permission).toEqual({ type: 'string', optional: true, computed: true });
    expect(s.data_source_schemas.local_sensitive_file.block.attributes!.content).toEqual({ type: 'string', computed: true, sensitive: true });
  });

  it('random 3.7.2: length is a required number, result computed and sensitive', () => {
    const a = schema('hashicorp/random', '3.7.2', ['random_password']).resource_schemas.random_password.block.attributes!;
    expect(a.length).toEqual({ type: 'number', required: true });
    expect(a.special).toEqual({ type: 'bool', optional: true });
    expect(a.result).toEqual({ type: 'string', computed: true, sensitive: true });
  });

  it('helm 3.1.1: set_sensitive is a list block with a required sensitive value; kubernetes is a provider block', () => {
    const s = schema('hashicorp/helm', '3.1.1', ['helm_release']);
    const release = s.resource_schemas.helm_release.block;
    expect(release.attributes!.name).toEqual({ type: 'string', required: true });
    expect(release.attributes!.values).toEqual({ type: ['list', 'string'], optional: true });
    expect(release.block_types!.set_sensitive.nesting_mode).toBe('list');
    expect(release.block_types!.set_sensitive.block.attributes!.value).toEqual({ type: 'string', required: true, sensitive: true });
    expect(release.attributes!.metadata.computed).toBe(true);
    expect(s.provider.block.block_types!.kubernetes.nesting_mode).toBe('single');
    expect(s.provider.block.block_types!.kubernetes.block.attributes!.host).toEqual({ type: 'string', optional: true });
  });

  it('kubernetes 2.38.0: metadata is exactly one block with computed uid', () => {
    const b = schema('hashicorp/kubernetes', '2.38.0', ['kubernetes_namespace']).resource_schemas.kubernetes_namespace.block;
    expect(b.block_types!.metadata).toMatchObject({ nesting_mode: 'list', min_items: 1, max_items: 1 });
    expect(b.block_types!.metadata.block.attributes!.uid).toEqual({ type: 'string', computed: true });
  });

  it('refuses a version it has no schema for', () => {
    expect(() => schema('hashicorp/helm', '2.17.0', ['helm_release'])).toThrow('the project knows hashicorp/helm 3.1.1 only');
    expect(() => schema('hashicorp/aws', '5.0.0', [])).toThrow('no schema for provider hashicorp/aws');
  });
});

describe('npm run verify', () => {
  let out: string;
  beforeAll(() => {
    out = synthesize();
  });

  it('validates and plans every stack', async () => {
    const results = await verifyAll(out);
    expect(results.map((r) => [r.stack, r.ok, r.summary])).toEqual([
      // Each K3s cluster's random_password.agent_token included (k3s-homelab adopts its server: no token).
      ['chocolandiadc', true, 'ok, 16 to add'],
      ['chocolandiadc-mvp', true, 'ok, 9 to add'],
      ['k3s-gitops', true, 'ok, 26 to add'],
      ['k3s-homelab', true, 'ok, 7 to add'], // kubernetes_labels.k3s1_longhorn_labels (#26 item 5)
      ['kpi-sandbox', true, 'ok, 11 to add'],
    ]);
  });

  /** Verifies a copy of the MVP or HA stack after `mutate` edits its JSON. */
  async function verifyMutated(stack: string, mutate: (json: any) => void) {
    const copy = join(tempDir('mutated'), stack);
    mkdirSync(copy);
    const json = JSON.parse(readFileSync(join(out, 'stacks', stack, 'cdk.tf.json'), 'utf8'));
    mutate(json);
    writeFileSync(join(copy, 'cdk.tf.json'), JSON.stringify(json));
    spawnSync('cp', ['-r', join(out, 'stacks', stack, 'assets'), copy]);
    return verifyStack(stack, copy);
  }

  it.each([
    ['an unknown attribute, named', 'chocolandiadc-mvp', (j: any) => { j.resource.local_file.kubeconfig.file_mode = '0600'; },
      /Extraneous JSON object property[\s\S]*resource\.local_file\.kubeconfig[\s\S]*No argument or block type is named "file_mode"/],
    ['a missing required attribute', 'chocolandiadc-mvp', (j: any) => { delete j.resource.random_password.cluster_token.length; },
      /Missing required argument[\s\S]*The argument "length" is required/],
    ['a wrong type', 'chocolandiadc-mvp', (j: any) => { j.resource.random_password.cluster_token.length = 'forty-eight'; },
      /Incorrect attribute value type[\s\S]*length[\s\S]*a number is required/],
    ['a block where an attribute belongs', 'chocolandiadc-mvp', (j: any) => { j.resource.null_resource.master1_k3s_server.triggers = [{ host: 'x' }]; },
      /Incorrect attribute value type[\s\S]*triggers/],
    ['an attribute where a block belongs', 'chocolandiadc', (j: any) => { j.resource.kubernetes_namespace.monitoring.metadata = 'monitoring'; },
      /metadata/],
    ['an unknown libvirt attribute, named', 'kpi-sandbox', (j: any) => { j.resource.libvirt_domain.k3s_cp_01.memory_mib = 10240; },
      /No argument or block type is named "memory_mib"/],
    ['a libvirt block given as an attribute', 'kpi-sandbox', (j: any) => { j.resource.libvirt_domain.k3s_cp_01.console = 'pty'; },
      /console/],
    ['a missing required libvirt attribute', 'kpi-sandbox', (j: any) => { delete j.resource.libvirt_volume.k3s_cp_01_disk.name; },
      /The argument "name" is required/],
    ['an unknown attribute inside a block', 'chocolandiadc', (j: any) => { j.resource.helm_release.kube_prometheus_stack.set_sensitive[0].secret = true; },
      /Extraneous JSON object property[\s\S]*No argument or block type is named "secret"/],
  ])('fails on %s', async (_what, stack, mutate, message) => {
    const result = await verifyMutated(stack, mutate);
    expect(result.ok).toBe(false);
    expect(result.summary).toMatch(/^(init|validate|plan) failed$/);
    expect(result.diagnostics).toMatch(message);
  });
});

describe('stub apply', () => {
  it('writes local_file with its permission, generates secrets, reads data sources, and cleans up on destroy', () => {
    const dir = tempDir('stub-apply');
    const target = join(dir, 'out', 'kubeconfig');
    const config = {
      terraform: { required_providers: {
        local: { source: 'hashicorp/local', version: '2.6.1' },
        random: { source: 'hashicorp/random', version: '3.7.2' },
      } },
      resource: {
        random_password: { token: { length: 40, special: false } },
        local_file: { kubeconfig: { filename: target, content: 'token: ${random_password.token.result}\n', file_permission: '0600' } },
      },
      data: { local_sensitive_file: { back: { filename: '${local_file.kubeconfig.filename}' } } },
      output: {
        token: { value: '${random_password.token.result}', sensitive: true },
        same: { value: '${nonsensitive(data.local_sensitive_file.back.content == local_file.kubeconfig.content)}' },
      },
    };
    const work = join(dir, 'stack');
    mkdirSync(work);
    writeFileSync(join(work, 'main.tf.json'), JSON.stringify(config));
    const env = terraformEnv(prepareMirror(dir, providersOf(config)));
    for (const args of [['init', '-input=false'], ['apply', '-auto-approve', '-input=false']]) {
      const r = terraformSync(args, work, env);
      expect(r.stderr).toBe('');
      expect(r.status).toBe(0);
    }
    expect(statSync(target).mode & 0o777).toBe(0o600);
    const token = terraformSync(['output', '-raw', 'token'], work, env).stdout;
    expect(token).toMatch(/^[A-Za-z0-9]{40}$/);
    expect(readFileSync(target, 'utf8')).toBe(`token: ${token}\n`);
    expect(terraformSync(['output', '-raw', 'same'], work, env).stdout).toBe('true');
    // A second plan is clean: reads return what apply wrote.
    expect(terraformSync(['plan', '-detailed-exitcode', '-input=false'], work, env).status).toBe(0);
    expect(terraformSync(['destroy', '-auto-approve', '-input=false'], work, env).status).toBe(0);
    expect(existsSync(target)).toBe(false);
  });
});
