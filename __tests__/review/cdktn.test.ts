import { mkdirSync, writeFileSync } from 'fs';
import { join } from 'path';
import { compareOutputs } from '../../tools/cdktn/check';
import { tempDir } from '../helpers/repo';

function out(stacks: Record<string, object>): string {
  const dir = tempDir('cdktn-out');
  for (const [s, json] of Object.entries(stacks)) {
    mkdirSync(join(dir, 'stacks', s), { recursive: true });
    writeFileSync(join(dir, 'stacks', s, 'cdk.tf.json'), JSON.stringify(json));
  }
  return dir;
}

describe('npm run cdktn:check comparison', () => {
  it('ignores only the metadata block and names the first difference', () => {
    const a = out({ x: { '//': { metadata: { version: '0.21.0' } }, resource: { r: { a: 1 } } }, y: { resource: { r: { a: 1 } } } });
    const b = out({ x: { '//': { metadata: { version: '0.24.0' } }, resource: { r: { a: 1 } } }, y: { resource: { r: { a: 2 } } }, z: {} });
    expect(compareOutputs(a, b)).toEqual([
      'x: identical (apart from the metadata block)',
      'y: DIFFERS at line 4: cdktf "a": 1 | cdktn "a": 2',
      'z: only with cdktn',
    ]);
  });
});
