import { spawnSync } from 'child_process';
import { writeFileSync } from 'fs';
import { join } from 'path';
import { stringify } from 'yaml';
import { AlertReceiver, alertmanagerConfig, alertmanagerValues, receiverProblems } from '../../lib/rules/alerting';
import { tempDir } from '../helpers/repo';

// amtool comes from Debian's `prometheus-alertmanager` package (tools/test.sh
// installs it; the service is never started). `amtool check-config` loads
// the file as Alertmanager does (prometheus.io/docs/alerting/latest/configuration/).
function amtoolCheck(config: object): { code: number | null; out: string } {
  const dir = tempDir('amtool');
  const file = join(dir, 'alertmanager.yaml');
  writeFileSync(file, stringify(AMTOOL_KNOWS_URL_FILE ? config : withoutUrlFile(config)));
  const r = spawnSync('amtool', ['check-config', file], { encoding: 'utf8' });
  if (r.error) throw r.error;
  return { code: r.status, out: `${r.stdout}${r.stderr}` };
}

/**
 * Debian bookworm's amtool is 0.25, which predates the webhook's `url_file`
 * (Alertmanager 0.26+). With such an amtool, `url_file` is checked against
 * Alertmanager's source at the chart's version (ALERTMANAGER_WEBHOOK below)
 * and replaced by a `url` for amtool, which checks everything else.
 */
const amtoolVersion = spawnSync('amtool', ['--version'], { encoding: 'utf8' });
const AMTOOL_VERSION = /version (\d+)\.(\d+)/.exec(`${amtoolVersion.stdout}${amtoolVersion.stderr}`);
const AMTOOL_KNOWS_URL_FILE = AMTOOL_VERSION !== null && (Number(AMTOOL_VERSION[1]) > 0 || Number(AMTOOL_VERSION[2]) >= 26);
function withoutUrlFile(config: any): object {
  const copy = JSON.parse(JSON.stringify(config));
  for (const r of copy.receivers ?? []) {
    for (const w of r.webhook_configs ?? []) {
      if ('url_file' in w) { delete w.url_file; w.url = 'http://url-file.invalid/'; }
    }
  }
  return copy;
}

/**
 * Alertmanager's webhook at the version kube-prometheus-stack 88.5.3 runs
 * (its values.yaml: alertmanager image tag v0.34.0), derived from
 * github.com/prometheus/alertmanager/blob/v0.34.0/notify/webhook/config.go:
 * WebhookConfig has `url` and `url_file`; UnmarshalYAML wants exactly one
 * ("one of url or url_file must be configured", "at most one of url &
 * url_file must be configured"). Slack's `api_url_file`: config/notifiers.go
 * at the same tag.
 */
const ALERTMANAGER_WEBHOOK = { version: 'v0.34.0', fields: ['send_resolved', 'http_config', 'url', 'url_file', 'max_alerts', 'timeout', 'payload'] };
function webhookProblems(w: Record<string, unknown>): string[] {
  const unknown = Object.keys(w).filter((k) => !ALERTMANAGER_WEBHOOK.fields.includes(k)).map((k) => `field ${k} not found`);
  const url = typeof w.url === 'string' && w.url !== '';
  const file = typeof w.url_file === 'string' && w.url_file !== '';
  return [...unknown, ...(!url && !file ? ['one of url or url_file must be configured'] : []), ...(url && file ? ['at most one of url & url_file must be configured'] : [])];
}

const base = { minSeverity: 'warning', sendResolved: true } as const;
const EXAMPLE_RECEIVERS: AlertReceiver[] = [
  { ...base, name: 'ntfy', kind: 'webhook', url: 'https://ntfy.example.com/homelab', bearerToken: true },
  { ...base, name: 'home-assistant', kind: 'webhook', url: 'http://homeassistant.lan:8123/api/events/alertmanager', bearerToken: true, minSeverity: 'critical' },
  { ...base, name: 'plain-hook', kind: 'webhook', url: 'http://bridge.lan:8080/alert' },
  // Home Assistant's webhook trigger: the id in the path is the secret, so the URL is the credential (url_file).
  { ...base, name: 'ha-webhook', kind: 'webhook', urlFromCredential: true },
  { ...base, name: 'mail', kind: 'email', to: 'me@example.com', from: 'k3s@example.com', smarthost: 'smtp.example.com:587', username: 'k3s@example.com' },
  { ...base, name: 'relay', kind: 'email', to: 'me@example.com', from: 'k3s@example.com', smarthost: 'relay.lan:25', requireTls: false },
  { ...base, name: 'slack', kind: 'slack', channel: '#alerts' },
  { ...base, name: 'discord', kind: 'discord', sendResolved: false },
];

describe('Alertmanager configuration from receivers', () => {
  it('passes amtool check-config with every kind of receiver', () => {
    const r = amtoolCheck(alertmanagerConfig(EXAMPLE_RECEIVERS));
    expect(r.out).toContain('SUCCESS');
    expect(r.out).toContain('9 receivers'); // ours and the chart's null
    expect(r.code).toBe(0);
  });

  it('passes amtool check-config without receivers (the chart\'s null route only)', () => {
    expect(amtoolCheck(alertmanagerConfig([])).code).toBe(0);
  });

  it('amtool refuses a broken configuration (the check is not vacuous)', () => {
    const config = alertmanagerConfig(EXAMPLE_RECEIVERS) as { route: { receiver: string } };
    expect(amtoolCheck({ ...config, route: { ...config.route, receiver: 'nobody' } }).code).not.toBe(0);
  });

  it('a webhook URL from the credential is url_file, as Alertmanager v0.34.0 (the chart\'s) reads it: never in the values (#25 item 6)', () => {
    const config = alertmanagerConfig(EXAMPLE_RECEIVERS) as { receivers: { name: string; webhook_configs?: Record<string, unknown>[] }[] };
    const hook = config.receivers.find((r) => r.name === 'ha-webhook')!.webhook_configs![0];
    expect(hook).toEqual({ send_resolved: true, url_file: '/etc/alertmanager/secrets/alertmanager-receivers/ha-webhook' });
    for (const r of config.receivers) for (const w of r.webhook_configs ?? []) expect([r.name, webhookProblems(w)]).toEqual([r.name, []]);
    // The derived check is not vacuous: both, neither, or an unknown field are refused.
    expect(webhookProblems({ url: 'http://a/', url_file: '/f' })).toEqual(['at most one of url & url_file must be configured']);
    expect(webhookProblems({ send_resolved: true })).toEqual(['one of url or url_file must be configured']);
    expect(webhookProblems({ url_fiel: '/f' })).toEqual(['field url_fiel not found', 'one of url or url_file must be configured']);
    expect(alertmanagerValues(EXAMPLE_RECEIVERS).alertmanager.alertmanagerSpec).toEqual({ secrets: ['alertmanager-receivers'] });
  });

  it('credentials are files from the mounted Secret, never values', () => {
    const values = alertmanagerValues(EXAMPLE_RECEIVERS);
    expect(values.alertmanager.alertmanagerSpec).toEqual({ secrets: ['alertmanager-receivers'] });
    const text = JSON.stringify(values);
    expect(text).toContain('"credentials_file":"/etc/alertmanager/secrets/alertmanager-receivers/ntfy"');
    expect(text).toContain('"auth_password_file":"/etc/alertmanager/secrets/alertmanager-receivers/mail"');
    expect(text).toContain('"api_url_file":"/etc/alertmanager/secrets/alertmanager-receivers/discord"');
    expect(text).not.toMatch(/"(auth_password|api_url|credentials|bot_token)":/);
    // No receiver with a credential: nothing to mount.
    expect(alertmanagerValues([EXAMPLE_RECEIVERS[2]]).alertmanager.alertmanagerSpec).toBeUndefined();
  });

  it('routes each receiver its severities and keeps Watchdog away from them', () => {
    const config = alertmanagerConfig(EXAMPLE_RECEIVERS) as { route: { receiver: string; routes: { receiver: string; matchers: string[]; continue?: boolean }[] } };
    expect(config.route.receiver).toBe('null');
    expect(config.route.routes[0]).toEqual({ receiver: 'null', matchers: ['alertname = "Watchdog"'] });
    expect(config.route.routes.find((r) => r.receiver === 'home-assistant')).toEqual({ receiver: 'home-assistant', matchers: ['severity = "critical"'], continue: true });
    expect(config.route.routes.find((r) => r.receiver === 'ntfy')?.matchers).toEqual(['severity =~ "warning|critical"']);
  });

  it.each([
    [{ ...base, name: 'x', kind: 'webhook', url: 'https://ntfy.sh/topic?auth=secret' }, 'url', /without user, password or query string/],
    [{ ...base, name: 'x', kind: 'webhook', url: 'https://user:pw@ntfy.sh/topic' }, 'url', /without user, password/],
    [{ ...base, name: 'x', kind: 'webhook' }, 'url', /is required for a webhook receiver/],
    // #25 item 6: a URL whose path is its secret goes in the credential.
    [{ ...base, name: 'x', kind: 'webhook', url: 'http://homeassistant.lan:8123/api/webhook/alertmanager-k3s-7f3a9c' }, 'url', /carries a Home Assistant webhook id, which is the webhook's only secret: set url_from_credential = true and put the URL in the credential \(Alertmanager reads it from url_file\)/],
    [{ ...base, name: 'x', kind: 'webhook', url: 'https://ntfy.sh/k3s-alerts-8d1e' }, 'url', /names an ntfy.sh topic, which anyone who knows it can read: set url_from_credential = true/],
    [{ ...base, name: 'x', kind: 'webhook', urlFromCredential: true, url: 'https://ntfy.sh/t' }, 'url', /must not be given with url_from_credential/],
    [{ ...base, name: 'x', kind: 'webhook', urlFromCredential: true, bearerToken: true }, 'bearerToken', /one credential, here the URL/],
    [{ ...base, name: 'x', kind: 'slack', urlFromCredential: true }, 'urlFromCredential', /not a field of a slack receiver/],
    [{ ...base, name: 'x', kind: 'email', to: 'me', from: 'a@b.c', smarthost: 'smtp:587' }, 'to', /email address/],
    [{ ...base, name: 'x', kind: 'email', to: 'a@b.c', from: 'a@b.c', smarthost: 'smtp' }, 'smarthost', /host:port/],
    [{ ...base, name: 'x', kind: 'discord', channel: '#a' }, 'channel', /not a field of a discord receiver/],
    [{ ...base, name: 'Bad_Name', kind: 'discord' }, 'name', /receiver name/],
    [{ ...base, name: 'null', kind: 'discord' }, 'name', /is taken/],
  ] as [AlertReceiver, string, RegExp][])('refuses a bad receiver: %o', (r, field, rule) => {
    const problems = receiverProblems(r);
    expect(problems.map((p) => p.field)).toContain(field);
    expect(problems.find((p) => p.field === field)!.rule).toMatch(rule);
  });
});
