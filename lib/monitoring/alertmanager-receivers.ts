import { SecretV1 } from '@cdktf/provider-kubernetes/lib/secret-v1';
import { ITerraformDependable, Token } from 'cdktf';
import { Construct } from 'constructs';
import { ADDRESSES } from '../core/addresses';
import { dependOn } from '../core/depends-on';
import { validator } from '../core/validation';
import {
  ALERTMANAGER_RECEIVERS_SECRET, AlertReceiver, alertmanagerValues, credentialMeaning, duplicateReceiverNames, needsCredential, receiverProblems, secretValue,
} from '../rules/alerting';

export interface AlertmanagerReceiversProps {
  /** Namespace of kube-prometheus-stack: Alertmanager mounts the Secret from there. */
  readonly namespace: string;
  readonly receivers: readonly AlertReceiver[];
  /**
   * Each credential (a sensitive Terraform expression: a variable or a
   * file read at plan), keyed by receiver name; required for the receivers
   * that need one (see needsCredential).
   */
  readonly credentials: Readonly<Record<string, string>>;
  /** What must exist first (the namespace). @default - nothing */
  readonly after?: ITerraformDependable[];
}

/**
 * Who Alertmanager notifies: the chart values (`values`, for a Terraform
 * release or an Argo CD Application) and the Secret
 * `kubernetes_secret_v1.alertmanager_receivers` holding the credentials,
 * which Alertmanager mounts (lib/rules/alerting.ts). The credentials are in
 * the Secret and the state, never in the values or the JSON.
 */
export class AlertmanagerReceivers extends Construct {
  /** kube-prometheus-stack values: `alertmanager.config` and the mounted Secret. */
  public readonly values: { alertmanager: Record<string, unknown> };
  /** The Secret, when a receiver has a credential. */
  public readonly secret?: SecretV1;

  constructor(scope: Construct, id: string, props: AlertmanagerReceiversProps) {
    super(scope, id);
    const { fail } = validator(this);
    for (const [i, r] of props.receivers.entries()) {
      for (const p of receiverProblems(r)) fail(`receivers[${i}].${p.field}`, p.value, p.rule);
      const cred = props.credentials[r.name];
      if (needsCredential(r) && (cred === undefined || (!Token.isUnresolved(cred) && cred.trim() === ''))) {
        fail(`credentials.${r.name}`, cred === undefined ? undefined : '***', `must be given: receiver ${r.name} (${r.kind}) reads ${credentialMeaning(r)} from it`);
      }
    }
    for (const name of duplicateReceiverNames(props.receivers)) fail('receivers', name, 'must have unique names');

    this.values = alertmanagerValues(props.receivers);
    const withCredential = props.receivers.filter(needsCredential);
    if (withCredential.length) {
      this.secret = new SecretV1(this, 'secret', {
        metadata: { name: ALERTMANAGER_RECEIVERS_SECRET, namespace: props.namespace, labels: { 'app.kubernetes.io/managed-by': 'terraform' } },
        data: Object.fromEntries(withCredential.map((r) => [r.name, secretValue(r, props.credentials[r.name])])),
      });
      this.secret.overrideLogicalId(ADDRESSES.alertmanagerReceivers.name());
      dependOn(this.secret, props.after);
    }
  }
}
