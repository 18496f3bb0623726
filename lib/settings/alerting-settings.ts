import { z } from 'zod';
import { AlertReceiver, duplicateReceiverNames, RECEIVER_KINDS, receiverProblems } from '../rules/alerting';
import { nonEmptyString, plainString, refusedInSettings } from './rules';

/**
 * The optional `alerting` block of the environments that run
 * kube-prometheus-stack (chocolandiadc; k3s-gitops): who Alertmanager
 * notifies. A receiver's credential (bearer token, a webhook URL whose path
 * is its secret, SMTP password, Slack or Discord webhook URL) never lives here: it comes from the file named by
 * `credential_file` (on the operator's machine, read at plan), or else from
 * the sensitive variable `alerting_credentials`, a map keyed by receiver name
 * (export TF_VAR_alerting_credentials='{"ntfy":"tk_..."}').
 */

const CREDENTIAL = 'put it in credential_file, or in the sensitive variable alerting_credentials (TF_VAR_alerting_credentials)';

const bool = z.boolean({ invalid_type_error: 'must be true or false' });

/** Settings field names of AlertReceiver's fields, for problem paths. */
const FIELD: Record<string, string> = {
  name: 'name', url: 'url', bearerToken: 'bearer_token', urlFromCredential: 'url_from_credential', to: 'to', from: 'from', smarthost: 'smarthost',
  username: 'username', requireTls: 'require_tls', channel: 'channel',
};

const receiverSchema = z
  .object({
    name: plainString.describe('Receiver name (lowercase letters, digits, hyphens; starts with a letter): its route and the key of its credential.'),
    type: z.enum(RECEIVER_KINDS, { errorMap: () => ({ message: `must be one of ${RECEIVER_KINDS.join(', ')} (Telegram: not yet, see docs/operations.md)` }) })
      .describe('webhook (ntfy, Home Assistant, bridges), email (SMTP), slack or discord.'),
    min_severity: z.enum(['warning', 'critical'], { errorMap: () => ({ message: 'must be "warning" or "critical"' }) }).default('warning')
      .describe('The lowest severity sent to this receiver.'),
    send_resolved: bool.default(true).describe('Also notify when an alert stops firing.'),
    url: plainString.optional().describe('webhook: where Alertmanager POSTs its JSON; no user, password or query string (a token goes in the credential), no secret path (use url_from_credential).'),
    bearer_token: bool.optional().describe('webhook: send the credential as Authorization: Bearer (default: no credential).'),
    url_from_credential: bool.optional().describe('webhook: the credential is the URL, for a URL whose path is its secret (Home Assistant webhook id, ntfy.sh topic; such a url is refused); Alertmanager reads it from url_file. Then no url and no bearer_token.'),
    to: plainString.optional().describe('email: recipient address.'),
    from: plainString.optional().describe('email: sender address.'),
    smarthost: plainString.optional().describe('email: host:port of the SMTP server.'),
    username: nonEmptyString.optional().describe('email: SMTP user; the credential is its password (unset: no SMTP authentication).'),
    require_tls: bool.optional().describe('email: STARTTLS required (default true).'),
    channel: plainString.optional().describe('slack: #channel or @user, when the webhook does not fix it.'),
    /** A file on the operator's machine holding the credential (read by Terraform at plan, never copied into the JSON). */
    credential_file: nonEmptyString.optional().describe("A file on the operator's machine (~ allowed) holding the credential, read at plan. Unset: the receiver's key in TF_VAR_alerting_credentials."),
    password: refusedInSettings(CREDENTIAL).describe('Refused: use credential_file or TF_VAR_alerting_credentials.'),
    token: refusedInSettings(CREDENTIAL).describe('Refused: use credential_file or TF_VAR_alerting_credentials.'),
    api_url: refusedInSettings(CREDENTIAL).describe('Refused: use credential_file or TF_VAR_alerting_credentials.'),
    webhook_url: refusedInSettings(CREDENTIAL).describe('Refused: use credential_file or TF_VAR_alerting_credentials.'),
    credential: refusedInSettings(CREDENTIAL).describe('Refused: use credential_file or TF_VAR_alerting_credentials.'),
  })
  .strict()
  .superRefine((input, ctx) => {
    const r = toReceiver(input);
    for (const p of receiverProblems(r)) ctx.addIssue({ code: 'custom', path: [FIELD[p.field] ?? p.field], message: p.rule });
  });

export const alertingSchema = z
  .object({
    receivers: z.array(receiverSchema).min(1, 'must list at least one receiver (leave `alerting` out for none)')
      .describe('Who Alertmanager notifies; every receiver gets every alert at or above its min_severity.'),
  })
  .strict()
  .superRefine((a, ctx) => {
    for (const name of duplicateReceiverNames(a.receivers.map(toReceiver))) {
      ctx.addIssue({ code: 'custom', path: ['receivers'], message: `names receiver ${JSON.stringify(name)} twice: names must be unique` });
    }
  });

export type AlertingInput = z.infer<typeof alertingSchema>;
type ReceiverInput = z.infer<typeof receiverSchema>;

export interface AlertReceiverSettings extends AlertReceiver {
  /** @default - the key `name` of the sensitive variable alerting_credentials */
  readonly credentialFile?: string;
}

export interface AlertingSettings {
  readonly receivers: readonly AlertReceiverSettings[];
}

function toReceiver(i: ReceiverInput): AlertReceiverSettings {
  const opt = <K extends string, V>(k: K, v: V | undefined) => (v === undefined ? {} : ({ [k]: v } as Record<K, V>));
  return {
    name: i.name,
    kind: i.type,
    minSeverity: i.min_severity,
    sendResolved: i.send_resolved,
    ...opt('url', i.url),
    ...opt('bearerToken', i.bearer_token),
    ...opt('urlFromCredential', i.url_from_credential),
    ...opt('to', i.to),
    ...opt('from', i.from),
    ...opt('smarthost', i.smarthost),
    ...opt('username', i.username),
    ...opt('requireTls', i.require_tls),
    ...opt('channel', i.channel),
    ...opt('credentialFile', i.credential_file),
  };
}

export function toAlertingSettings(input: AlertingInput): AlertingSettings {
  return { receivers: input.receivers.map(toReceiver) };
}

/** Keys for the settings schemas of the environments with kube-prometheus-stack. */
export const alertingKeys = {
  alerting: alertingSchema.optional().describe('Alertmanager receivers (webhook, email, slack, discord); credentials from credential_file or TF_VAR_alerting_credentials, never here. Unset: alerts reach no one. See docs/operations.md.'),
};
