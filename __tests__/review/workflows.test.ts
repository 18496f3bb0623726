import { spawnSync } from 'child_process';
import { readdirSync, readFileSync, writeFileSync } from 'fs';
import { join } from 'path';
import { parse } from 'yaml';
import { ENVIRONMENT_NAMES } from '../../lib/settings/load';
import { ROOT, runSynth, tempDir } from '../helpers/repo';

const LINT = join(ROOT, 'dist/tools/ci/lint-workflows.js');
const DIR = join(ROOT, '.github/workflows');
const lint = (files: string[]) => spawnSync(process.execPath, [LINT, ...files], { encoding: 'utf8' });

describe('.github/workflows', () => {
  const files = readdirSync(DIR).filter((f) => /\.ya?ml$/.test(f)).map((f) => join(DIR, f));

  it('pass GitHub\'s workflow parser (keys, expressions, YAML)', () => {
    expect(files.length).toBeGreaterThan(0);
    const r = lint(files);
    expect(r.stdout + r.stderr).toBe(`ok ${files.length} workflow(s)\n`);
    expect(r.status).toBe(0);
  });

  it.each([
    ['an unknown key', (s: string) => s.replace('    timeout-minutes: 30\n    steps:', '    timeout-minutes: 30\n    stepz: []\n    steps:'), /Unexpected value 'stepz'/],
    ['a broken expression', (s: string) => s.replace('${{ github.token }}', '${{ github.token( }}'), /Unexpected symbol/],
  ])('a workflow with %s fails', (_what, edit, message) => {
    const bad = join(tempDir('workflow'), 'bad.yml');
    writeFileSync(bad, edit(readFileSync(join(DIR, 'plan-review.yml'), 'utf8')));
    const r = lint([bad]);
    expect(r.status).toBe(1);
    expect(r.stdout).toMatch(message);
  });

  it('tests both supported Node.js lines (22 and 24): each runs npm ci, npm test and synth', () => {
    const wf = parse(readFileSync(join(DIR, 'plan-review.yml'), 'utf8'));
    const tested = Object.values<any>(wf.jobs)
      .filter((job) => /npm ci[\s\S]*npm test[\s\S]*npm run synth/.test(job.steps.map((s: any) => s.run ?? '').join('\n')))
      .map((job) => job.steps.find((s: any) => String(s.uses).startsWith('actions/setup-node@'))?.with?.['node-version']);
    expect(tested.sort()).toEqual([22, 24]);
  });

  it('reviews on a hosted runner; plans every stack on the self-hosted homelab runner, never for forks', () => {
    const wf = parse(readFileSync(join(DIR, 'plan-review.yml'), 'utf8'));
    const runs = (job: string) => wf.jobs[job].steps.map((s: any) => s.run ?? '').join('\n');
    expect(runs('review')).toMatch(/npm ci[\s\S]*npm test[\s\S]*npm run synth[\s\S]*npm run verify[\s\S]*npm run --silent review/);
    expect(runs('review')).toContain('>> "$GITHUB_STEP_SUMMARY"');
    expect(wf.jobs.plan['runs-on']).toEqual(['self-hosted', 'homelab']);
    expect(wf.jobs.plan.if).toBe('github.event.pull_request.head.repo.full_name == github.repository');
    expect([...wf.jobs.plan.strategy.matrix.stack].sort()).toEqual([...ENVIRONMENT_NAMES].sort());
    expect(runs('plan')).toMatch(/tofu plan .*-out=plan\.bin > \/dev\/null[\s\S]*tofu show -no-color plan\.bin/);
    expect(wf.permissions).toEqual({ contents: 'read', 'pull-requests': 'write' });
  });

  it('the self-hosted runner runs none of the pull request\'s code: the hosted job synthesizes without secrets, the plan job only downloads the JSON and runs tofu', () => {
    const text = readFileSync(join(DIR, 'plan-review.yml'), 'utf8');
    const wf = parse(text);
    const review = wf.jobs.review;
    const plan = wf.jobs.plan;
    // No secret where the pull request's code runs.
    expect(JSON.stringify(review)).not.toMatch(/secrets\./);
    const upload = review.steps.find((s: any) => String(s.uses).startsWith('actions/upload-artifact@'));
    expect(upload.with.path).toBe('cdktf.out/stacks/');
    expect(review.steps.indexOf(upload)).toBeGreaterThan(review.steps.findIndex((s: any) => s.run === 'npm run synth'));
    // The plan job: no checkout, no npm or node project, the artifact of the review job, then tofu.
    expect(plan.steps.map((s: any) => s.uses).filter(Boolean)).toEqual(['actions/download-artifact@v4']);
    expect(plan.steps[0].with).toEqual({ name: upload.with.name, path: 'cdktf.out/stacks' });
    const commands = plan.steps.map((s: any) => s.run ?? '').join('\n');
    expect(commands).not.toMatch(/\bnpm\b|\bnpx\b|cdktf|git /);
    expect(commands.split('\n').filter((l: string) => /^\s*tofu /.test(l)).map((l: string) => l.trim().split(' ')[1])).toEqual(['init', 'plan', 'show']);
    // Secrets: only in the Plan step, from the approval-gated environment.
    expect(plan.environment).toBe('homelab-plan');
    expect(JSON.stringify(plan.env ?? {})).not.toMatch(/secrets\./);
    const withSecrets = plan.steps.filter((s: any) => JSON.stringify(s).includes('secrets.'));
    expect(withSecrets.map((s: any) => s.name)).toEqual(['Plan']);
    expect(plan.permissions).toEqual({ contents: 'read' });
  });
});

describe('the plan job\'s input check', () => {
  const wf = parse(readFileSync(join(DIR, 'plan-review.yml'), 'utf8'));
  const step = wf.jobs.plan.steps.find((s: any) => /^Refuse/.test(s.name)) ?? { run: '', env: {} };
  const script = /node --input-type=commonjs -e '([\s\S]*)'\s*$/.exec(step.run)?.[1] ?? 'process.exit(0)';
  let stacks: string;
  beforeAll(() => {
    stacks = join(tempDir('plan-input'), 'out');
    const r = runSynth(stacks);
    if (r.status !== 0) throw new Error(r.stderr);
  });
  /** Runs the workflow's check in a copy of the stack's directory, with `edit` applied to its JSON. */
  const check = (stack: string, edit: (json: any) => void = () => undefined) => {
    const dir = tempDir(`plan-input-${stack}`);
    const json = JSON.parse(readFileSync(join(stacks, 'stacks', stack, 'cdk.tf.json'), 'utf8'));
    edit(json);
    writeFileSync(join(dir, 'cdk.tf.json'), JSON.stringify(json));
    return spawnSync(process.execPath, ['--input-type=commonjs', '-e', script], { cwd: dir, encoding: 'utf8', env: { ...process.env, ...step.env } });
  };

  it.each([...ENVIRONMENT_NAMES])('passes what %s synthesizes (a provider added to a stack must be added to the workflow too)', (stack) => {
    const r = check(stack);
    expect(r.stderr).toBe('');
    expect(r.status).toBe(0);
  });

  it.each([
    ['a provider the stacks do not use', (j: any) => { j.terraform.required_providers.external = { source: 'hashicorp/external', version: '2.3.5' }; }, /provider external = hashicorp\/external@2\.3\.5 is not allowed/],
    ['another version of a pinned provider', (j: any) => { j.terraform.required_providers.null.version = '3.2.5'; }, /provider null = hashicorp\/null@3\.2\.5 is not allowed/],
    ['a resource of an undeclared provider (tofu init would fetch it)', (j: any) => { j.resource.http_request = { x: {} }; }, /resource type http_request needs a provider that is not declared/],
    ['a data source that reads the runner\'s files', (j: any) => { j.data = { local_file: { key: { filename: '~/.ssh/id_ed25519' } } }; }, /data source local_file is not allowed/],
    ['a module', (j: any) => { j.module = { m: { source: 'git::https://example.org/m.git' } }; }, /module blocks are not allowed/],
    ['an import', (j: any) => { j.import = [{ to: 'kubernetes_secret_v1.x', id: 'kube-system/k3s-serving' }]; }, /import blocks are not allowed/],
    ['an http backend', (j: any) => { j.terraform.backend = { http: { address: 'https://example.org/state' } }; }, /backend http is not allowed/],
    ['nonsensitive()', (j: any) => { j.output.leak = { value: '${nonsensitive(random_password.cluster_token.result)}' }; }, /nonsensitive\(\) is not allowed/],
  ])('refuses %s', (_what, edit, message) => {
    const r = check('chocolandiadc', edit);
    expect(r.status).toBe(1);
    expect(r.stderr).toMatch(message);
  });
});
