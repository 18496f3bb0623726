import { appendFileSync } from 'fs';
import { join } from 'path';
import { parse } from 'yaml';
import { loadAllSettings, SettingsError, SettingsProblem } from '../../lib/settings';
import { verifyStack } from '../../tools/harness/verify';
import { buildLikeArgoCd } from '../helpers/gitops';
import { copyExampleSettings, exampleSettings, runSynth, synthGitops, synthHa, tempDir } from '../helpers/repo';

const ALERTING = `
alerting = {
  receivers = [
    { name = "ntfy", type = "webhook", url = "https://ntfy.example.com/homelab", bearer_token = true },
    { name = "mail", type = "email", to = "me@example.com", from = "k3s@example.com", smarthost = "smtp.example.com:587",
      username = "k3s@example.com", credential_file = "~/.config/k3s-homelab/smtp-password", min_severity = "critical" },
    { name = "discord", type = "discord" },
  ]
}
`;

function settingsDirWith(text: string, env = 'chocolandiadc'): string {
  const dir = copyExampleSettings();
  appendFileSync(join(dir, env, 'terraform.tfvars'), text);
  return dir;
}

const settingsWith = (text: string, env = 'chocolandiadc') => loadAllSettings({ settingsDir: settingsDirWith(text, env) });

async function problemsWith(text: string, env = 'chocolandiadc'): Promise<SettingsProblem[]> {
  try {
    await settingsWith(text, env);
  } catch (err) {
    if (err instanceof SettingsError) return [...err.problems];
    throw err;
  }
  return [];
}

describe('alerting settings -> Alertmanager (chocolandiadc)', () => {
  it('renders the receivers into the chart values and the credentials into a Secret, never into the JSON as values', async () => {
    const ha = synthHa((await settingsWith(ALERTING)).chocolandiadc);
    const release = ha.resource.helm_release.kube_prometheus_stack;
    const values = parse(release.values[0]);
    expect(values.alertmanager.alertmanagerSpec.secrets).toEqual(['alertmanager-receivers']);
    expect(values.alertmanager.config.receivers.map((r: { name: string }) => r.name)).toEqual(['null', 'ntfy', 'mail', 'discord']);
    expect(values.alertmanager.config.receivers[2].email_configs[0]).toMatchObject({ auth_username: 'k3s@example.com', auth_password_file: '/etc/alertmanager/secrets/alertmanager-receivers/mail' });

    const secret = ha.resource.kubernetes_secret_v1.alertmanager_receivers;
    expect(secret.metadata).toMatchObject({ name: 'alertmanager-receivers', namespace: '${kubernetes_namespace.monitoring.metadata[0].name}' });
    expect(secret.data).toEqual({
      ntfy: '${var.alerting_credentials.ntfy}',
      mail: '${sensitive(trimspace(file(pathexpand("~/.config/k3s-homelab/smtp-password"))))}',
      discord: '${var.alerting_credentials.discord}/slack',
    });
    expect(release.depends_on).toContain('kubernetes_secret_v1.alertmanager_receivers');

    const variable = (ha as unknown as { variable: Record<string, any> }).variable.alerting_credentials;
    expect(variable).toMatchObject({ type: 'map(string)', sensitive: true, nullable: false });
    expect(variable.validation[0].condition).toBe('${alltrue([for k in ["ntfy","discord"] : contains(keys(var.alerting_credentials), k)])}');
    expect(variable.description).toContain('ntfy: the bearer token; discord: the Discord webhook URL');
  });

  it('a webhook URL whose path is its secret comes from the credential (url_file): in the Secret, never in the JSON or the review (#25 item 6)', async () => {
    const hook = 'http://homeassistant.lan:8123/api/webhook/alertmanager-k3s-7f3a9c';
    // In the settings, such a URL is refused, naming the way out.
    const refused = await problemsWith(`alerting = { receivers = [{ name = "ha", type = "webhook", url = "${hook}" }] }\n`);
    expect(refused).toEqual([expect.objectContaining({ path: 'alerting.receivers[0].url', rule: expect.stringMatching(/Home Assistant webhook id.*set url_from_credential = true/) })]);
    const ha = synthHa((await settingsWith('alerting = { receivers = [{ name = "ha", type = "webhook", url_from_credential = true, min_severity = "critical" }] }\n')).chocolandiadc);
    const values = parse(ha.resource.helm_release.kube_prometheus_stack.values[0]);
    expect(values.alertmanager.config.receivers[1]).toEqual({ name: 'ha', webhook_configs: [{ send_resolved: true, url_file: '/etc/alertmanager/secrets/alertmanager-receivers/ha' }] });
    expect(ha.resource.kubernetes_secret_v1.alertmanager_receivers.data).toEqual({ ha: '${var.alerting_credentials.ha}' });
    expect((ha as unknown as { variable: Record<string, any> }).variable.alerting_credentials.description).toContain('ha: the webhook URL');
    expect(JSON.stringify(ha)).not.toContain('/api/webhook/');
  });

  it('without alerting: the chart keeps its configuration, no Secret, no variable', async () => {
    const ha = synthHa((await exampleSettings()).chocolandiadc);
    expect(parse(ha.resource.helm_release.kube_prometheus_stack.values[0]).alertmanager).toBeUndefined();
    expect(ha.resource.kubernetes_secret_v1).toBeUndefined();
    expect((ha as unknown as { variable?: object }).variable).toBeUndefined();
  });

  it('refuses a credential in the settings, naming the variable to use, without echoing it', async () => {
    const problems = await problemsWith('alerting = { receivers = [{ name = "s", type = "slack", api_url = "https://hooks.slack.com/services/T0/B0/SECRET" }] }\n');
    expect(problems).toHaveLength(1);
    expect(problems[0].path).toBe('alerting.receivers[0].api_url');
    expect(problems[0].rule).toMatch(/must not be in the settings: put it in credential_file, or in the sensitive variable alerting_credentials/);
    expect(JSON.stringify(problems)).not.toContain('SECRET');
  });

  it.each([
    ['alerting = { receivers = [{ name = "t", type = "telegram" }] }\n', 'alerting.receivers[0].type', /must be one of webhook, email, slack, discord/],
    ['alerting = { receivers = [{ name = "w", type = "webhook", url = "https://ntfy.sh/x?auth=abc" }] }\n', 'alerting.receivers[0].url', /without user, password or query string/],
    ['alerting = { receivers = [{ name = "m", type = "email", to = "me@example.com", from = "k3s@example.com" }] }\n', 'alerting.receivers[0].smarthost', /required setting is missing/],
    ['alerting = { receivers = [{ name = "d", type = "discord" }, { name = "d", type = "slack" }] }\n', 'alerting.receivers', /names receiver "d" twice/],
  ])('refuses %s', async (text, path, rule) => {
    const problems = await problemsWith(text);
    expect(problems.map((p) => p.path)).toContain(path);
    expect(problems.find((p) => p.path === path)!.rule).toMatch(rule);
  });

  it('k3s-gitops: the Argo CD monitoring Application gets the same values, Terraform the Secret', async () => {
    const s = (await settingsWith(ALERTING.replace(', credential_file = "~/.config/k3s-homelab/smtp-password"', ''), 'k3s-gitops'))['k3s-gitops'];
    const json = synthGitops(s);
    const secret = json.resource.kubernetes_secret_v1.alertmanager_receivers;
    expect(secret.metadata).toMatchObject({ name: 'alertmanager-receivers', namespace: 'monitoring' });
    expect(Object.keys(secret.data).sort()).toEqual(['discord', 'mail', 'ntfy']);
    expect(secret.depends_on).toEqual(['kubernetes_namespace_v1.platform_namespace_monitoring']);
    const root = parse(json.resource.helm_release.argocd_apps.values[0]).applications['bootstrap-apps'];
    const monitoring = buildLikeArgoCd(root.source).find((a: any) => a.metadata.name === 'monitoring');
    const values = monitoring.spec.source.helm.valuesObject;
    expect(values.alertmanager.alertmanagerSpec.secrets).toEqual(['alertmanager-receivers']);
    expect(values.alertmanager.config.receivers.map((r: { name: string }) => r.name)).toEqual(['null', 'ntfy', 'mail', 'discord']);
    expect(values.grafana).toBeDefined(); // the patch adds, it does not replace the Application's values
    expect(JSON.stringify(values)).not.toMatch(/alerting_credentials|tk_/);
  });

  // Terraform core with stub providers (tools/harness/verify.ts; needs `npm run build`).
  it('Terraform plans it with the credentials given, and stops naming the missing ones', async () => {
    const out = tempDir('alerting-synth');
    const r = runSynth(out, settingsDirWith(ALERTING));
    expect(r.status).toBe(0);
    const stack = join(out, 'stacks/chocolandiadc');
    const ok = await verifyStack('chocolandiadc', stack, { TF_VAR_alerting_credentials: '{"ntfy":"tk_test","discord":"https://discord.com/api/webhooks/1/x"}' });
    expect([ok.summary, ok.diagnostics]).toEqual(['ok, 17 to add', '']);
    const missing = await verifyStack('chocolandiadc', stack, { TF_VAR_alerting_credentials: '{"ntfy":"tk_test"}' });
    expect(missing.summary).toBe('plan failed');
    expect(missing.diagnostics).toContain('alerting_credentials must have a key for each of: ntfy, discord.');
  }, 240_000);
});
