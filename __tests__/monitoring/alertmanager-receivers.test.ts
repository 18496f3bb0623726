import { SecretV1 } from '@cdktf/provider-kubernetes/lib/secret-v1';
import { Resource } from '@cdktf/provider-null/lib/resource';
import { Testing, TerraformStack } from 'cdktf';
import { AlertmanagerReceivers } from '../../lib/monitoring/alertmanager-receivers';
import { AlertReceiver } from '../../lib/rules/alerting';
import '../helpers/cdktf-matchers';

const base = { minSeverity: 'warning', sendResolved: true } as const;
const ntfy: AlertReceiver = { ...base, name: 'ntfy', kind: 'webhook', url: 'https://ntfy.example.com/homelab', bearerToken: true };
const discord: AlertReceiver = { ...base, name: 'discord', kind: 'discord' };

function build(receivers: AlertReceiver[], credentials?: Record<string, string>) {
  const stack = new TerraformStack(Testing.app(), 'stack');
  const ns = new Resource(stack, 'ns', {});
  ns.overrideLogicalId('monitoring_namespace');
  const creds = credentials ?? Object.fromEntries(receivers.map((r) => [r.name, `\${var.alerting_credentials["${r.name}"]}`]));
  const receiversConstruct = new AlertmanagerReceivers(stack, 'alerting', { namespace: 'monitoring', receivers, credentials: creds, after: [ns] });
  return { construct: receiversConstruct, synthesized: Testing.synth(stack) };
}

describe('AlertmanagerReceivers', () => {
  it('is kubernetes_secret_v1.alertmanager_receivers in the namespace, after it, one key per receiver (Discord through its Slack endpoint)', () => {
    const { synthesized, construct } = build([ntfy, discord]);
    expect(synthesized).toHaveResourceWithProperties(SecretV1, {
      metadata: { name: 'alertmanager-receivers', namespace: 'monitoring', labels: { 'app.kubernetes.io/managed-by': 'terraform' } },
      data: { ntfy: '${var.alerting_credentials["ntfy"]}', discord: '${var.alerting_credentials["discord"]}/slack' },
      depends_on: ['null_resource.monitoring_namespace'],
    });
    expect(Object.keys(JSON.parse(synthesized).resource.kubernetes_secret_v1)).toEqual(['alertmanager_receivers']);
    expect(construct.values.alertmanager.alertmanagerSpec).toEqual({ secrets: ['alertmanager-receivers'] });
  });

  it('the values name the credential files, never the credentials', () => {
    const { construct } = build([ntfy]);
    expect(JSON.stringify(construct.values)).not.toContain('alerting_credentials');
    expect(JSON.stringify(construct.values)).toContain('/etc/alertmanager/secrets/alertmanager-receivers/ntfy');
  });

  it('writes no Secret when no receiver has a credential', () => {
    const { construct, synthesized } = build([{ ...base, name: 'hook', kind: 'webhook', url: 'http://bridge.lan/alert' }], {});
    expect(construct.secret).toBeUndefined();
    expect(synthesized).not.toHaveResource(SecretV1);
  });

  it.each([
    [[{ ...base, name: 'chat', kind: 'slack' }], {}, 'credentials.chat = (unset): must be given: receiver chat (slack) reads the Slack incoming-webhook URL from it'],
    [[ntfy], { ntfy: ' ' }, 'credentials.ntfy = "***": must be given: receiver ntfy (webhook) reads'],
    [[{ ...base, name: 'w', kind: 'webhook', url: 'ftp://x' }], {}, 'receivers[0].url = "ftp://x": must be an http(s) URL'],
    [[ntfy, ntfy], undefined, 'receivers = "ntfy": must have unique names'],
  ] as [AlertReceiver[], Record<string, string> | undefined, string][])('refuses %j naming the construct path, the field, the value and the rule', (receivers, credentials, message) => {
    expect(() => build(receivers, credentials)).toThrow(`stack/alerting: ${message}`);
  });
});
