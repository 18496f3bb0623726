import { NamespaceV1 } from '@cdktf/provider-kubernetes/lib/namespace-v1';
import { SecretV1 } from '@cdktf/provider-kubernetes/lib/secret-v1';
import { Password } from '@cdktf/provider-random/lib/password';
import { Construct } from 'constructs';
import { ADDRESSES } from '../core/addresses';
import { dependOn } from '../core/depends-on';

/**
 * Grafana's admin credentials when monitoring comes from Git: the stack
 * generates the password into this Secret, and the `monitoring` Application
 * (gitops/argocd/bootstrap-apps/monitoring.yaml) points the chart's
 * `grafana.admin.existingSecret` at it, so the chart's default password
 * (`prom-operator`) is never used. Keys: the grafana chart's defaults
 * (`admin.userKey`, `admin.passwordKey`).
 */
export const GRAFANA_ADMIN_SECRET = { name: 'grafana-admin', namespace: 'monitoring', userKey: 'admin-user', passwordKey: 'admin-password', user: 'admin' } as const;

export interface GrafanaAdminProps {
  /** The GRAFANA_ADMIN_SECRET's namespace (the Secret waits for it). */
  readonly namespace: NamespaceV1;
}

/**
 * `random_password.grafana_admin_password` and `kubernetes_secret_v1.grafana_admin`
 * holding it (GRAFANA_ADMIN_SECRET). Resources of `scope` (see platformNamespaces).
 */
export function grafanaAdmin(scope: Construct, props: GrafanaAdminProps): { readonly password: string; readonly secret: SecretV1 } {
  const password = new Password(scope, 'grafana-password', { length: 24, special: false });
  password.overrideLogicalId(ADDRESSES.grafanaAdminPassword.name());
  const g = GRAFANA_ADMIN_SECRET;
  const secret = new SecretV1(scope, 'grafana-admin', {
    metadata: { name: g.name, namespace: g.namespace },
    data: { [g.userKey]: g.user, [g.passwordKey]: password.result },
  });
  secret.overrideLogicalId(ADDRESSES.grafanaAdminSecret.name());
  dependOn(secret, [props.namespace]);
  return { password: password.result, secret };
}
