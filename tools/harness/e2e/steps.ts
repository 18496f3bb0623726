/** Steps more than one topology or scenario runs. */
import { classifyAddress } from '../../../lib/core/addresses';
import { Call, Context, serverOrder } from './context';

/**
 * Upgrade to `version` with a reviewed plan: only *_upgrade resources change,
 * servers one at a time, then agents, no uninstall, every node on `version`.
 * Returns the problems and what the K3s double recorded during the apply.
 */
export function upgrade(ctx: Context, version: string): { problems: string[]; calls: Call[] } {
  const { run, servers } = ctx;
  run.writeSettings(version);
  const upPlan = run.tf(['plan', '-input=false', '-out', 'upgrade.tfplan']);
  const changes = upPlan.status === 0 ? run.plannedChanges('upgrade.tfplan') : [];
  const mark = ctx.mark();
  const upApply = run.tf(['apply', '-auto-approve', '-input=false', 'upgrade.tfplan']);
  const cs = ctx.callsSince(mark);
  const upgraded = cs.filter((c) => c.kind === 'install-start' && c.fields.version === version).map((c) => c.fields.node);
  const problems: string[] = [];
  if (!(upPlan.status === 0 && changes.length > 0 && changes.every((a: string) => classifyAddress(a.split(' ')[0])?.kind === 'node-upgrade'))) problems.push(`planned: ${changes.join(', ')}`);
  if (upApply.status !== 0) problems.push(`apply failed: ${upApply.stderr.slice(-800)}`);
  if (!(JSON.stringify(upgraded.slice(0, servers.length)) === JSON.stringify(servers) && serverOrder(cs, 'install', servers) &&
    ctx.agents.every((a) => upgraded.slice(servers.length).includes(a)))) problems.push(`upgrade order: ${upgraded.join(' ')}`);
  if (cs.some((c) => c.kind === 'uninstall')) problems.push('an uninstall ran');
  const versions = ctx.versionsOnHosts();
  if (Object.values(versions).some((v) => v !== version)) problems.push(`versions: ${JSON.stringify(versions)}`);
  return { problems, calls: cs };
}

/** The first release of the next minor: v1.29.0+k3s1 -> v1.30.0+k3s1. */
export function nextMinor(version: string): string {
  const m = /^v1\.(\d+)\./.exec(version);
  if (!m) throw new Error(`not a K3s version: ${version}`);
  return `v1.${Number(m[1]) + 1}.0+k3s1`;
}
