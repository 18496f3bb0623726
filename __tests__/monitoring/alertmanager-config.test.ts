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
  writeFileSync(file, stringify(config));
  const r = spawnSync('amtool', ['check-config', file], { encoding: 'utf8' });
  if (r.error) throw r.error;
  return { code: r.status, out: `${r.stdout}${r.stderr}` };
}

const base = { minSeverity: 'warning', sendResolved: true } as const;
const EXAMPLE_RECEIVERS: AlertReceiver[] = [
  { ...base, name: 'ntfy', kind: 'webhook', url: 'https://ntfy.example.com/homelab', bearerToken: true },
  { ...base, name: 'home-assistant', kind: 'webhook', url: 'http://homeassistant.lan:8123/api/events/alertmanager', bearerToken: true, minSeverity: 'critical' },
  { ...base, name: 'plain-hook', kind: 'webhook', url: 'http://bridge.lan:8080/alert' },
  { ...base, name: 'mail', kind: 'email', to: 'me@example.com', from: 'k3s@example.com', smarthost: 'smtp.example.com:587', username: 'k3s@example.com' },
  { ...base, name: 'relay', kind: 'email', to: 'me@example.com', from: 'k3s@example.com', smarthost: 'relay.lan:25', requireTls: false },
  { ...base, name: 'slack', kind: 'slack', channel: '#alerts' },
  { ...base, name: 'discord', kind: 'discord', sendResolved: false },
];

describe('Alertmanager configuration from receivers', () => {
  it('passes amtool check-config with every kind of receiver', () => {
    const r = amtoolCheck(alertmanagerConfig(EXAMPLE_RECEIVERS));
    expect(r.out).toContain('SUCCESS');
    expect(r.out).toContain('8 receivers'); // ours and the chart's null
    expect(r.code).toBe(0);
  });

  it('passes amtool check-config without receivers (the chart\'s null route only)', () => {
    expect(amtoolCheck(alertmanagerConfig([])).code).toBe(0);
  });

  it('amtool refuses a broken configuration (the check is not vacuous)', () => {
    const config = alertmanagerConfig(EXAMPLE_RECEIVERS) as { route: { receiver: string } };
    expect(amtoolCheck({ ...config, route: { ...config.route, receiver: 'nobody' } }).code).not.toBe(0);
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
