/**
 * Alert receivers: their rules and their Alertmanager configuration, in one
 * place for the settings schema (lib/settings/alerting-settings.ts) and the
 * construct that hands them to kube-prometheus-stack (no cdktf here).
 *
 * Credentials never enter the configuration: each receiver that has one
 * reads it from a file Alertmanager mounts from the Secret
 * `ALERTMANAGER_RECEIVERS_SECRET` (chart value
 * `alertmanager.alertmanagerSpec.secrets`; the operator mounts each listed
 * Secret at /etc/alertmanager/secrets/<name>/, one file per key). Only the
 * `*_file` fields that Alertmanager 0.25 already has are used (Debian
 * bookworm's amtool validates the result; chart 88.5.3 runs 0.34):
 * `http_config.authorization.credentials_file` (webhook bearer token),
 * `auth_password_file` (SMTP), `api_url_file` (Slack, and Discord through its
 * Slack-compatible endpoint, docs: discord.com/developers/docs/resources/webhook
 * "Execute Slack-Compatible Webhook"). One more: the webhook's `url_file`
 * (a URL whose path is its secret: a Home Assistant webhook id, an ntfy
 * topic), which Alertmanager has since 0.26 (config/notifiers.go
 * WebhookConfig at v0.26.0) and which the chart's Alertmanager has
 * (kube-prometheus-stack 88.5.3 values.yaml: alertmanager image v0.34.0;
 * alertmanager v0.34.0 notify/webhook/config.go: `url_file`, exactly one of
 * `url` and `url_file`). Debian's amtool 0.25 does not know it: the tests
 * check that field against that source and the rest with amtool. Telegram's
 * `bot_token_file` also needs 0.26+; Telegram is not offered yet.
 * prometheus.io/docs/alerting/latest/configuration/
 */

export const RECEIVER_KINDS = ['webhook', 'email', 'slack', 'discord'] as const;
export type ReceiverKind = (typeof RECEIVER_KINDS)[number];
export type AlertSeverityFloor = 'warning' | 'critical';

/** The Secret holding the receivers' credentials, one key per receiver name. */
export const ALERTMANAGER_RECEIVERS_SECRET = 'alertmanager-receivers';
const SECRET_DIR = `/etc/alertmanager/secrets/${ALERTMANAGER_RECEIVERS_SECRET}`;

export interface AlertReceiver {
  /** Receiver name in Alertmanager and key of its credential in the Secret. */
  readonly name: string;
  readonly kind: ReceiverKind;
  /** The lowest severity sent to it. */
  readonly minSeverity: AlertSeverityFloor;
  readonly sendResolved: boolean;
  /** webhook: where alerts are POSTed (Alertmanager's JSON payload). */
  readonly url?: string;
  /** webhook: send the credential as `Authorization: Bearer`. */
  readonly bearerToken?: boolean;
  /**
   * webhook: the credential is the URL (Alertmanager's `url_file`), for a
   * URL whose path is its secret (a Home Assistant webhook id, an ntfy
   * topic); then `url` is not given.
   */
  readonly urlFromCredential?: boolean;
  /** email */
  readonly to?: string;
  readonly from?: string;
  /** email: host:port of the SMTP server. */
  readonly smarthost?: string;
  /** email: SMTP user; the credential is its password. @default - no SMTP authentication */
  readonly username?: string;
  /** email: STARTTLS required. */
  readonly requireTls?: boolean;
  /** slack: channel, when the webhook does not fix it. */
  readonly channel?: string;
}

export const RECEIVER_NAME_RULE = 'must be a receiver name: lowercase letters, digits and hyphens, starting with a letter, at most 40 characters';
export const isReceiverName = (s: string) => /^[a-z]([a-z0-9-]{0,38}[a-z0-9])?$/.test(s);

export const WEBHOOK_URL_RULE = 'must be an http(s) URL without user, password or query string (a token goes in the credential, sent as a bearer token)';
export function isWebhookUrl(s: string): boolean {
  let u: URL;
  try {
    u = new URL(s);
  } catch {
    return false;
  }
  return ['http:', 'https:'].includes(u.protocol) && !u.username && !u.password && !u.search && !u.hash;
}

/**
 * Why a webhook URL's path is its secret, for the services known to work
 * that way; undefined otherwise. Such a URL would sit in the JSON, the plan,
 * the review and Git.
 */
export function webhookUrlSecret(s: string): string | undefined {
  let u: URL;
  try {
    u = new URL(s);
  } catch {
    return undefined;
  }
  // Home Assistant: POST /api/webhook/<webhook_id>, unauthenticated; the id is the secret
  // (home-assistant.io/docs/automation/trigger/#webhook-trigger).
  if (/\/api\/webhook\/[^/]+/.test(u.pathname)) return 'carries a Home Assistant webhook id, which is the webhook\'s only secret';
  // ntfy.sh: anyone who knows a topic can read it (docs.ntfy.sh: "topic names are public... choose something not easily guessable").
  if (u.hostname === 'ntfy.sh' && u.pathname.length > 1) return 'names an ntfy.sh topic, which anyone who knows it can read';
  return undefined;
}

export const WEBHOOK_URL_FROM_CREDENTIAL = 'set url_from_credential = true and put the URL in the credential (Alertmanager reads it from url_file)';

export const EMAIL_RULE = 'must be an email address like alerts@example.com';
export const isEmail = (s: string) => /^[^\s@<>]+@[^\s@<>]+\.[^\s@<>]+$/.test(s);

export const SMARTHOST_RULE = 'must be host:port of the SMTP server, like smtp.example.com:587';
export const isSmarthost = (s: string) => /^[A-Za-z0-9.-]+:\d{1,5}$/.test(s) && Number(s.split(':')[1]) > 0 && Number(s.split(':')[1]) < 65536;

export const SLACK_CHANNEL_RULE = 'must be a Slack channel like #alerts or a user like @me';
export const isSlackChannel = (s: string) => /^[#@][A-Za-z0-9._-]{1,80}$/.test(s);

/** Whether the receiver reads a credential from the Secret. */
export function needsCredential(r: AlertReceiver): boolean {
  switch (r.kind) {
    case 'slack':
    case 'discord':
      return true;
    case 'email':
      return r.username !== undefined;
    case 'webhook':
      return r.bearerToken === true || r.urlFromCredential === true;
  }
}

/** What the credential is, for messages and docs. */
export function credentialMeaning(r: AlertReceiver): string {
  switch (r.kind) {
    case 'slack': return 'the Slack incoming-webhook URL';
    case 'discord': return 'the Discord webhook URL (as Discord shows it; /slack is appended)';
    case 'email': return `the SMTP password of ${r.username ?? 'the user'}`;
    case 'webhook': return r.urlFromCredential ? 'the webhook URL' : 'the bearer token';
  }
}

/** The value stored in the Secret for a credential (Discord goes through its Slack-compatible endpoint). */
export function secretValue(r: AlertReceiver, credential: string): string {
  return r.kind === 'discord' ? `${credential}/slack` : credential;
}

const file = (r: AlertReceiver) => `${SECRET_DIR}/${r.name}`;

/** Title and text every chat receiver shows: summary and the next command of each alert (lib/monitoring/alert-rules.ts). */
const CHAT_TITLE = '[{{ .Status | toUpper }}{{ if eq .Status "firing" }}:{{ .Alerts.Firing | len }}{{ end }}] {{ .CommonLabels.alertname }}';
const CHAT_TEXT = '{{ range .Alerts }}*{{ .Labels.severity }}* {{ .Annotations.summary }}{{ if .Annotations.next }}\nnext: {{ .Annotations.next }}{{ end }}\n{{ end }}';

function receiverConfig(r: AlertReceiver): Record<string, unknown> {
  const resolved = { send_resolved: r.sendResolved };
  switch (r.kind) {
    case 'webhook':
      return {
        name: r.name,
        webhook_configs: [{
          ...resolved, ...(r.urlFromCredential ? { url_file: file(r) } : { url: r.url }),
          ...(r.bearerToken ? { http_config: { authorization: { type: 'Bearer', credentials_file: file(r) } } } : {}),
        }],
      };
    case 'email':
      return {
        name: r.name,
        email_configs: [{
          ...resolved, to: r.to, from: r.from, smarthost: r.smarthost, require_tls: r.requireTls ?? true,
          ...(r.username !== undefined ? { auth_username: r.username, auth_password_file: file(r) } : {}),
        }],
      };
    case 'slack':
    case 'discord':
      return {
        name: r.name,
        slack_configs: [{ ...resolved, api_url_file: file(r), ...(r.channel ? { channel: r.channel } : {}), title: CHAT_TITLE, text: CHAT_TEXT }],
      };
  }
}

/**
 * kube-prometheus-stack's `alertmanager.config`, complete: Helm merges maps
 * key by key with the chart's default and replaces lists, so every key the
 * chart sets is set here too and Alertmanager gets exactly this. The
 * chart's Watchdog route to `null` and its inhibition rules are kept (a
 * critical alert mutes the warning of the same alert).
 */
export function alertmanagerConfig(receivers: readonly AlertReceiver[]): Record<string, unknown> {
  return {
    global: { resolve_timeout: '5m' },
    inhibit_rules: [
      { source_matchers: ['severity = critical'], target_matchers: ['severity =~ warning|info'], equal: ['namespace', 'alertname'] },
      { source_matchers: ['severity = warning'], target_matchers: ['severity = info'], equal: ['namespace', 'alertname'] },
      { source_matchers: ['alertname = InfoInhibitor'], target_matchers: ['severity = info'], equal: ['namespace'] },
      { target_matchers: ['alertname = InfoInhibitor'] },
    ],
    route: {
      group_by: ['namespace', 'alertname'],
      group_wait: '30s',
      group_interval: '5m',
      repeat_interval: '12h',
      receiver: 'null',
      routes: [
        { receiver: 'null', matchers: ['alertname = "Watchdog"'] },
        // Every receiver gets what reaches its floor: `continue` lets the next one see it too.
        ...receivers.map((r) => ({
          receiver: r.name,
          matchers: [r.minSeverity === 'critical' ? 'severity = "critical"' : 'severity =~ "warning|critical"'],
          continue: true,
        })),
      ],
    },
    receivers: [{ name: 'null' }, ...receivers.map(receiverConfig)],
    templates: ['/etc/alertmanager/config/*.tmpl'],
  };
}

/** The chart values for `receivers`: the configuration and the Secret mounted for their credentials. */
export function alertmanagerValues(receivers: readonly AlertReceiver[]): { alertmanager: Record<string, unknown> } {
  return {
    alertmanager: {
      config: alertmanagerConfig(receivers),
      ...(receivers.some(needsCredential) ? { alertmanagerSpec: { secrets: [ALERTMANAGER_RECEIVERS_SECRET] } } : {}),
    },
  };
}

/** Every rule a receiver must satisfy, as "<field> <rule>" problems (the construct throws them, the schema reports them). */
export function receiverProblems(r: AlertReceiver): { field: string; value: unknown; rule: string }[] {
  const out: { field: string; value: unknown; rule: string }[] = [];
  const need = (field: keyof AlertReceiver, ok: (v: string) => boolean, rule: string) => {
    const v = r[field];
    if (typeof v !== 'string' || !ok(v)) out.push({ field, value: v, rule: v === undefined ? `is required for a ${r.kind} receiver` : rule });
  };
  const forbid = (fields: (keyof AlertReceiver)[]) => {
    for (const f of fields) if (r[f] !== undefined) out.push({ field: f, value: r[f], rule: `is not a field of a ${r.kind} receiver` });
  };
  if (!isReceiverName(r.name)) out.push({ field: 'name', value: r.name, rule: RECEIVER_NAME_RULE });
  if (r.name === 'null') out.push({ field: 'name', value: r.name, rule: 'is taken: "null" is the chart\'s receiver that drops Watchdog' });
  switch (r.kind) {
    case 'webhook':
      if (r.urlFromCredential) {
        if (r.url !== undefined) out.push({ field: 'url', value: r.url, rule: 'must not be given with url_from_credential: the URL is the credential' });
        if (r.bearerToken) out.push({ field: 'bearerToken', value: r.bearerToken, rule: 'must not be given with url_from_credential: a receiver has one credential, here the URL' });
      } else {
        need('url', isWebhookUrl, WEBHOOK_URL_RULE);
        const secret = r.url !== undefined && isWebhookUrl(r.url) ? webhookUrlSecret(r.url) : undefined;
        if (secret) out.push({ field: 'url', value: r.url, rule: `${secret}: ${WEBHOOK_URL_FROM_CREDENTIAL}` });
      }
      forbid(['to', 'from', 'smarthost', 'username', 'requireTls', 'channel']);
      break;
    case 'email':
      need('to', isEmail, EMAIL_RULE);
      need('from', isEmail, EMAIL_RULE);
      need('smarthost', isSmarthost, SMARTHOST_RULE);
      forbid(['url', 'bearerToken', 'urlFromCredential', 'channel']);
      break;
    case 'slack':
      if (r.channel !== undefined) need('channel', isSlackChannel, SLACK_CHANNEL_RULE);
      forbid(['url', 'bearerToken', 'urlFromCredential', 'to', 'from', 'smarthost', 'username', 'requireTls']);
      break;
    case 'discord':
      forbid(['url', 'bearerToken', 'urlFromCredential', 'to', 'from', 'smarthost', 'username', 'requireTls', 'channel']);
      break;
  }
  return out;
}

/** Receiver names must be unique (they are routes and Secret keys). */
export function duplicateReceiverNames(receivers: readonly AlertReceiver[]): string[] {
  const seen = new Set<string>();
  return receivers.map((r) => r.name).filter((n) => (seen.has(n) ? true : (seen.add(n), false)));
}
