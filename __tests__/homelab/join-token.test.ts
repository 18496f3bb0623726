import { appendFileSync, mkdirSync, writeFileSync } from 'fs';
import { join } from 'path';
import { AGENT_JOIN_TOKEN_RULE, isServerToken } from '../../lib/rules/k3s-token';
import { verifyStack } from '../../tools/harness/verify';
import { copyExampleSettings, runSynth, tempDir } from '../helpers/repo';

/**
 * Agents never get the K3s server token: the adopted k3s1's join token
 * (TF_VAR_k3s_join_token) goes into k3s2's user data, so the variable
 * refuses a server token at plan. Token shapes (docs.k3s.io/cli/token;
 * k3s docs/adrs/agent-join-token.md: servers authenticate as `server`,
 * agents as `node`): K10<sha256 of the CA, hex>::server:<password> (the
 * server token, node-token), K10<hash>::node:<password> (the agent token),
 * K10<hash>::<6>.<16> (a bootstrap token from `k3s token create`).
 */
const HASH = 'a'.repeat(64);
const SERVER = `K10${HASH}::server:0123456789abcdef0123456789abcdef`;
const AGENT = `K10${HASH}::node:fedcba9876543210fedcba9876543210`;
const BOOTSTRAP = `K10${HASH}::abcdef.0123456789abcdef`;

describe('the join token of an adopted server', () => {
  it('the rule tells the server token from the ones an agent may hold', () => {
    expect(isServerToken(SERVER)).toBe(true);
    expect(isServerToken(`${SERVER}\n`)).toBe(true);
    expect(isServerToken(`K10::server:shortcahash`)).toBe(true);
    for (const t of [AGENT, BOOTSTRAP, 'a-short-agent-password', 'K10test']) expect(isServerToken(t)).toBe(false);
  });

  // Terraform core with stub providers (tools/harness/verify.ts; needs `npm run build`).
  // A postcondition on the user data's content, not a variable validation:
  // Terraform 1.11 prints a sensitive variable's value in a failed validation's diagnostic.
  const MESSAGE = `The user data of k3s2 would hold the K3s server token (from TF_VAR_k3s_join_token or join_token_file); the join token ${AGENT_JOIN_TOKEN_RULE}.`;

  it('terraform plan refuses TF_VAR_k3s_join_token = the server token, naming the rule, without printing it; the agent or a bootstrap token plans', async () => {
    const out = tempDir('join-token-synth');
    const synth = runSynth(out);
    expect(synth.stderr).toBe('');
    const stack = join(out, 'stacks/k3s-homelab');
    const refused = await verifyStack('k3s-homelab', stack, { TF_VAR_k3s_join_token: SERVER });
    expect(refused.summary).toBe('plan failed');
    const said = refused.diagnostics.replace(/\s+/g, ' ');
    expect(said).toContain('Resource postcondition failed');
    expect(said).toContain(MESSAGE);
    expect(refused.diagnostics).not.toContain('0123456789abcdef0123456789abcdef');
    for (const token of [AGENT, BOOTSTRAP]) {
      const ok = await verifyStack('k3s-homelab', stack, { TF_VAR_k3s_join_token: token });
      expect([ok.ok, ok.diagnostics]).toEqual([true, '']);
    }
  }, 300_000);

  it('terraform plan refuses a join_token_file holding the server token (node-token copied), without printing it', async () => {
    const settings = copyExampleSettings();
    appendFileSync(join(settings, 'k3s-homelab/terraform.tfvars'), '\njoin_token_file = "~/.config/k3s-homelab/k3s1-token"\n');
    const out = tempDir('join-token-file-synth');
    const synth = runSynth(out, settings);
    expect(synth.stderr).toBe('');
    const home = tempDir('join-token-home');
    mkdirSync(join(home, '.config/k3s-homelab'), { recursive: true });
    writeFileSync(join(home, '.config/k3s-homelab/k3s1-token'), `${SERVER}\n`, { mode: 0o600 });
    // The other file the example settings read at plan (flux.sops_age_key_file), a stand-in.
    mkdirSync(join(home, '.config/sops/age'), { recursive: true });
    writeFileSync(join(home, '.config/sops/age/keys.txt'), 'stand-in\n', { mode: 0o600 });
    const refused = await verifyStack('k3s-homelab', join(out, 'stacks/k3s-homelab'), { HOME: home });
    expect(refused.summary).toBe('plan failed');
    expect(refused.diagnostics.replace(/\s+/g, ' ')).toContain(MESSAGE);
    expect(refused.diagnostics).not.toContain('0123456789abcdef0123456789abcdef');
  }, 300_000);
});
