/**
 * Real Terraform core with the stub providers (managed, from the mirror):
 * a kubernetes provider configured from a resource being replaced gets
 * unknown credentials, and the stub then fails the refresh as the real
 * provider does (tools/harness/stub-provider/cluster-access.ts). This is the
 * shape `kubeconfig_fetch` had (its trigger held master1's install id, so
 * `-replace` of master1 made the fetched copy unknown at plan); the shape it
 * has now (a fetch that no install replaces) plans.
 * Needs `npm run build` (the stubs run from dist/).
 */
import { mkdirSync, writeFileSync } from 'fs';
import { createServer, Server } from 'net';
import { join } from 'path';
import { prepareMirror, providersOf, terraformEnv, terraformSync } from '../../tools/harness/terraform';
import { tempDir } from '../helpers/repo';

let api: Server;
let port: number;
beforeAll(async () => {
  // Stands in for the cluster's API port: the stub only checks that it answers.
  api = createServer((s) => s.end());
  await new Promise<void>((r) => api.listen(0, '127.0.0.1', r));
  port = (api.address() as { port: number }).port;
});
afterAll(() => api.close());

/** A stack shaped like ours: install -> fetch (writes the copy) -> data read -> provider -> namespace. */
function stack(fetchTriggeredByInstall: boolean, copy: string) {
  return {
    terraform: { required_providers: {
      null: { source: 'hashicorp/null', version: '3.2.4' },
      local: { source: 'hashicorp/local', version: '2.6.1' },
      kubernetes: { source: 'hashicorp/kubernetes', version: '2.38.0' },
    } },
    provider: { kubernetes: [{ host: '${trimspace(data.local_file.fetched.content)}', client_key: 'k', client_certificate: 'c', cluster_ca_certificate: 'ca' }] },
    resource: {
      null_resource: {
        install: { triggers: { role: 'server' } },
        fetch: {
          triggers: fetchTriggeredByInstall ? { server_install_id: '${null_resource.install.id}' } : { cluster: 'c' },
          depends_on: ['null_resource.install'],
          provisioner: [{ 'local-exec': { command: `printf 'https://127.0.0.1:${port}' > ${copy}` } }],
        },
      },
      kubernetes_namespace: { monitoring: { metadata: [{ name: 'monitoring' }] } },
    },
    data: { local_file: { fetched: { filename: copy, depends_on: ['null_resource.fetch'] } } },
  };
}

describe('stub providers refuse what the real ones refuse: credentials unknown at plan', () => {
  it.each([
    ['the old shape (fetch triggered by the install id): `-replace` of the install fails the refresh', true, false],
    ['the new shape (a fetch no install replaces): `-replace` of the install plans', false, true],
  ])('%s', (_name, triggered, plans) => {
    const dir = tempDir('stub-unknown');
    const work = join(dir, 'stack');
    mkdirSync(work);
    const config = stack(triggered, join(dir, 'copy'));
    writeFileSync(join(work, 'main.tf.json'), JSON.stringify(config));
    const env = terraformEnv(prepareMirror(dir, providersOf(config)));
    expect(terraformSync(['init', '-input=false'], work, env).status).toBe(0);
    const apply = terraformSync(['apply', '-auto-approve', '-input=false', '-no-color'], work, env);
    expect(apply.stderr).toBe('');
    const plan = terraformSync(['plan', '-input=false', '-no-color', '-replace=null_resource.install'], work, env);
    if (plans) {
      expect(plan.stderr).toBe('');
      expect(plan.status).toBe(0);
    } else {
      expect(plan.status).not.toBe(0);
      expect(plan.stderr.replace(/\s+/g, ' ')).toContain('Get "http://localhost/api/v1/namespaces/monitoring": dial tcp [::1]:80: connect: connection refused');
    }
  }, 120_000);
});
