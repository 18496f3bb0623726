/**
 * k3s2's user data exactly as the operator boots it with: the stack's own
 * templatefile() evaluated by the real Terraform with a stand-in token, then
 * validated by cloud-init.
 */
import { readFileSync } from 'fs';
import { join } from 'path';
import { parse } from 'yaml';
import { cloudInitSchema, renderWithTerraform } from '../helpers/render';
import { ROOT } from '../helpers/repo';

const TOKEN = 'K10stand-in::server:0123456789abcdef';
const render = (editTfvars?: (s: string) => string) => renderWithTerraform({
  stack: 'k3s-homelab',
  pick: (json) => ({ k3s2: json.resource.local_sensitive_file.user_data_k3s2.content }),
  replace: { 'var.k3s_join_token': TOKEN },
  editTfvars,
});

describe('user-data.k3s2', () => {
  let dir: string;
  let doc: any;
  let text: string;
  beforeAll(() => {
    const r = render();
    dir = r.dir;
    text = r.out.k3s2;
    doc = parse(text);
  }, 60_000);

  it('is valid cloud-config', () => {
    const r = cloudInitSchema(dir, 'k3s2', text);
    expect(r.stdout).toMatch(/Valid cloud-config/);
    expect(r.status).toBe(0);
  });

  it('installs what Longhorn needs and enables iscsid', () => {
    expect(doc.packages).toEqual(expect.arrayContaining(['open-iscsi', 'nfs-common', 'jq', 'curl', 'wget']));
    expect(doc.runcmd[0]).toEqual(['systemctl', 'enable', '--now', 'iscsid']);
  });

  it('joins k3s1 as an agent with the token in a 0600 config file, labelled for Longhorn', () => {
    const config = doc.write_files.find((f: any) => f.path.endsWith('/config.yaml'));
    expect(config.permissions).toBe('0600');
    expect(parse(config.content)).toMatchObject({
      server: 'https://192.168.86.71:6443',
      token: TOKEN,
      'node-name': 'k3s2',
      'node-label': ['node.longhorn.io/create-default-disk=config', 'storage=longhorn'],
    });
    const run = doc.runcmd[doc.runcmd.length - 1];
    expect(run).toEqual(expect.arrayContaining(['--role', 'agent', '--server-url', 'https://192.168.86.71:6443', '--version', 'v1.33.5+k3s1']));
    expect(JSON.stringify(doc.runcmd)).not.toContain(TOKEN);
    expect(doc.write_files.find((f: any) => f.path.endsWith('/install-k3s.sh')).content).toBe(readFileSync(join(ROOT, 'bootstrap/install-k3s.sh'), 'utf8'));
  });

  it('adds the ubuntu user only when keys are given', () => {
    expect(doc.users).toBeUndefined();
    const withKey = parse(render((s) => s.replace('nodes = [', 'ssh_authorized_keys = ["ssh-ed25519 AAAAC3NzaC1lZDI1NTE5AAAAIGz4ustkkH4RUBdeJLV09Jnyynhf0ofYyqdPexXpGMNO op@laptop"]\nnodes = [')).out.k3s2);
    expect(withKey.users[1]).toMatchObject({ name: 'ubuntu', lock_passwd: true, ssh_authorized_keys: [expect.stringMatching(/^ssh-ed25519 /)] });
  }, 60_000);
});
