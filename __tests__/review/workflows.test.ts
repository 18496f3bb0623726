import { spawnSync } from 'child_process';
import { readdirSync, readFileSync, writeFileSync } from 'fs';
import { join } from 'path';
import { parse } from 'yaml';
import { ROOT, tempDir } from '../helpers/repo';

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

  it('reviews on a hosted runner; plans on the self-hosted homelab runner, never for forks', () => {
    const wf = parse(readFileSync(join(DIR, 'plan-review.yml'), 'utf8'));
    const runs = (job: string) => wf.jobs[job].steps.map((s: any) => s.run ?? '').join('\n');
    expect(runs('review')).toMatch(/npm ci[\s\S]*npm test[\s\S]*npm run synth[\s\S]*npm run verify[\s\S]*npm run --silent review/);
    expect(runs('review')).toContain('>> "$GITHUB_STEP_SUMMARY"');
    expect(wf.jobs.plan['runs-on']).toEqual(['self-hosted', 'homelab']);
    expect(wf.jobs.plan.if).toBe('github.event.pull_request.head.repo.full_name == github.repository');
    expect(wf.jobs.plan.strategy.matrix.stack.sort()).toEqual(['chocolandiadc', 'chocolandiadc-mvp', 'k3s-homelab', 'kpi-sandbox']);
    expect(runs('plan')).toMatch(/tofu plan .*-out=plan\.bin > \/dev\/null[\s\S]*tofu show -no-color plan\.bin/);
    expect(wf.permissions).toEqual({ contents: 'read', 'pull-requests': 'write' });
  });
});
