import { parse } from '@cdktf/hcl2json';
import { spawnSync } from 'child_process';
import { readdirSync, readFileSync } from 'fs';
import { join } from 'path';
import { markedBlock } from '../helpers/doc-blocks';
import { runSynth, tempDir } from '../helpers/repo';

/** The block docs/secrets-and-state.md marks as run by this test. */
const snippet = () => markedBlock('docs/secrets-and-state.md', 'commands', 'test __tests__/review/state-encryption.test.ts').text;

/** Runs the README's snippet in bash with a passphrase file under a scratch HOME; returns TF_ENCRYPTION. */
function tfEncryption(): string {
  const home = tempDir('enc-home');
  const r = spawnSync('bash', ['-c', `set -eu
mkdir -p ~/.config/k3s-homelab
echo 'from-the-file-1234567' > ~/.config/k3s-homelab/state-passphrase
${snippet()}
printf '%s' "$TF_ENCRYPTION"`], { encoding: 'utf8', env: { ...process.env, HOME: home } });
  if (r.status !== 0) throw new Error(r.stderr);
  return r.stdout;
}

describe('state encryption (docs/secrets-and-state.md)', () => {
  it('the shell snippet reads the passphrase from its file, never from the README', () => {
    expect(snippet()).not.toMatch(/passphrase = "[^$]/);
    expect(tfEncryption()).toContain('passphrase = "from-the-file-1234567"');
  });

  it('its value is valid HCL: pbkdf2, aes_gcm, enforced state and plan encryption', async () => {
    const hcl = (await parse('encryption.hcl', tfEncryption())) as any;
    expect(Object.keys(hcl.key_provider.pbkdf2)).toEqual(['homelab']);
    expect(hcl.method.aes_gcm.homelab[0].keys).toBe('${key_provider.pbkdf2.homelab}');
    expect(hcl.state[0]).toEqual({ method: '${method.aes_gcm.homelab}', enforced: true });
    expect(hcl.plan[0]).toEqual({ method: '${method.aes_gcm.homelab}', enforced: true });
  });

  it('stays out of the synthesized JSON, which remains valid for Terraform', () => {
    const out = tempDir('enc-out');
    const synth = runSynth(out);
    expect(synth.status).toBe(0);
    for (const stack of readdirSync(join(out, 'stacks'))) {
      const json = JSON.parse(readFileSync(join(out, 'stacks', stack, 'cdk.tf.json'), 'utf8'));
      expect(Object.keys(json.terraform).sort()).toEqual(['backend', 'required_providers']);
    }
  });
});
