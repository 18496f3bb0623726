/**
 * Validates GitHub Actions workflow files with GitHub's own parser
 * (@actions/workflow-parser): syntax, keys, expressions. Prints one line per
 * problem and exits 1 on any.
 *
 *   node dist/tools/ci/lint-workflows.js <workflow.yml> ...
 */
import { readFileSync } from 'fs';
import { register } from 'module';
import { basename, join } from 'path';
import { pathToFileURL } from 'url';
import { repoRoot } from '../../lib/core/repo-root';
import { importEsm } from '../esm';


let hooked = false;

export async function lintWorkflow(file: string): Promise<string[]> {
  if (!hooked) {
    register(pathToFileURL(join(repoRoot(), 'tools/ci/json-import-hook.mjs')).href);
    hooked = true;
  }
  const parser = await importEsm('@actions/workflow-parser');
  const trace = new parser.NoOperationTraceWriter();
  const result = parser.parseWorkflow({ name: basename(file), content: readFileSync(file, 'utf8') }, trace);
  const errors = result.context.errors.getErrors().map((e: { message: string }) => e.message);
  if (errors.length === 0 && result.value) {
    const template = await parser.convertWorkflowTemplate(result.context, result.value);
    errors.push(...(template.errors ?? []).map((e: { Message?: string; message?: string }) => e.Message ?? e.message ?? String(e)));
    if ((template.jobs ?? []).length === 0) errors.push('no job');
  }
  return errors.map((m: string) => `${file}: ${m}`);
}

if (require.main === module) {
  (async () => {
    const files = process.argv.slice(2);
    const problems = (await Promise.all(files.map(lintWorkflow))).flat();
    for (const p of problems) console.log(p);
    if (problems.length) process.exit(1);
    console.log(`ok ${files.length} workflow(s)`);
  })().catch((err: unknown) => {
    console.error(`lint-workflows: ${err instanceof Error ? err.message : String(err)}`);
    process.exit(1);
  });
}
