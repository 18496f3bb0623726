import { spawnSync } from 'child_process';
import { copyFileSync, readdirSync, readFileSync, writeFileSync } from 'fs';
import { join } from 'path';
import { parse, stringify } from 'yaml';
import { additionalPrometheusRulesMap, K3S_ALERT_RULE_GROUPS, ruleFile } from '../../lib/monitoring/alert-rules';
import { ALERT_RULES_FILE, render } from '../../tools/monitoring/gen-alert-rules';
import { ROOT, tempDir } from '../helpers/repo';

// promtool comes from Debian's `prometheus` package (tools/test.sh installs it;
// the service is never started). Its rule unit tests:
// prometheus.io/docs/prometheus/latest/configuration/unit_testing_rules/
const TESTS_DIR = join(__dirname, 'alert-rules');
const testFiles = readdirSync(TESTS_DIR).filter((f) => f.endsWith('.test.yaml')).sort();

function promtool(args: string[], cwd: string) {
  const r = spawnSync('promtool', args, { cwd, encoding: 'utf8' });
  if (r.error) throw r.error;
  return { code: r.status, out: `${r.stdout}${r.stderr}` };
}

/** The rules as promtool sees them; `stripAnnotations` for the unit tests (promtool compares annotations verbatim). */
function writeRules(dir: string, stripAnnotations: boolean): void {
  const file = ruleFile();
  const groups = stripAnnotations
    ? file.groups.map((g) => ({ name: g.name, rules: g.rules.map(({ annotations: _a, ...r }) => r) }))
    : file.groups;
  writeFileSync(join(dir, 'rules.yaml'), stringify({ groups }));
}

describe('alert rules we own', () => {
  it('pass promtool check rules (PromQL and annotation templates parse)', () => {
    const dir = tempDir('rules');
    writeRules(dir, false);
    const r = promtool(['check', 'rules', 'rules.yaml'], dir);
    expect(r.out).toMatch(/SUCCESS: \d+ rules found/);
    expect(r.code).toBe(0);
  });

  it.each(testFiles)('pass promtool test rules %s', (name) => {
    const dir = tempDir('rules-test');
    writeRules(dir, true);
    copyFileSync(join(TESTS_DIR, name), join(dir, name));
    const r = promtool(['test', 'rules', name], dir);
    expect(r.out).toMatch(/SUCCESS/);
    expect(r.code).toBe(0);
  });

  it('every alert has a unit test where it fires and one where it does not', () => {
    const fires = new Set<string>();
    const silent = new Set<string>();
    for (const name of testFiles) {
      const doc = parse(readFileSync(join(TESTS_DIR, name), 'utf8')) as { tests: { alert_rule_test?: { alertname: string; exp_alerts: unknown[] }[] }[] };
      for (const t of doc.tests) {
        for (const a of t.alert_rule_test ?? []) (a.exp_alerts.length ? fires : silent).add(a.alertname);
      }
    }
    const alerts = [...new Set(K3S_ALERT_RULE_GROUPS.flatMap((g) => g.rules.map((r) => r.alert)))];
    expect(alerts.filter((a) => !fires.has(a))).toEqual([]);
    expect(alerts.filter((a) => !silent.has(a))).toEqual([]);
  });

  it('a broken rule is caught (the check is not vacuous)', () => {
    const dir = tempDir('rules-bad');
    writeFileSync(join(dir, 'rules.yaml'), stringify({ groups: [{ name: 'x', rules: [{ alert: 'X', expr: 'sum(up', for: '1m' }] }] }));
    expect(promtool(['check', 'rules', 'rules.yaml'], dir).code).not.toBe(0);
  });

  it('every alert tells what to do next and has a known severity', () => {
    for (const r of K3S_ALERT_RULE_GROUPS.flatMap((g) => g.rules)) {
      expect([r.alert, r.annotations.next.length > 0, ['warning', 'critical'].includes(r.labels.severity)]).toEqual([r.alert, true, true]);
    }
  });

  it('Git holds exactly what npm run gen:alert-rules writes, and it is the Terraform rules', () => {
    const committed = readFileSync(join(ROOT, ALERT_RULES_FILE), 'utf8');
    expect(committed).toBe(render());
    const manifest = parse(committed) as { metadata: { labels: Record<string, string> }; spec: unknown };
    expect(manifest.metadata.labels.release).toBe('kube-prometheus-stack');
    expect(Object.values(additionalPrometheusRulesMap())).toEqual([manifest.spec]);
  });

  it('the alerts are listed in docs/operations.md', () => {
    const doc = readFileSync(join(ROOT, 'docs/operations.md'), 'utf8');
    const missing = K3S_ALERT_RULE_GROUPS.flatMap((g) => g.rules.map((r) => r.alert)).filter((a) => !doc.includes(`\`${a}\``));
    expect(missing).toEqual([]);
  });
});
