import { readFileSync } from 'fs';
import { join } from 'path';
import { APPLICATIONS_DIR, generate, OperatorDefinition, readDefinition, waves } from '../../tools/gitops/gen-operators';
import { ROOT } from '../helpers/repo';

const def = (name: string, dependencies: string[] = []): OperatorDefinition => ({
  name, namespace: name, chart: { repository: 'https://charts.example', name, version: '1.0.0' }, values: {}, dependencies,
});

describe('operator definitions (seed 004) -> Applications', () => {
  it('the committed Applications are what npm run gen:operators generates', () => {
    for (const [name, content] of generate(ROOT)) {
      expect([name, readFileSync(join(ROOT, APPLICATIONS_DIR, name), 'utf8')]).toEqual([name, content]);
    }
  });

  it('orders by dependencies with sync waves', () => {
    const w = waves([def('a'), def('b', ['a']), def('c', ['a', 'b']), def('d')]);
    expect(Object.fromEntries(w)).toEqual({ a: 0, b: 1, c: 2, d: 0 });
  });

  it('refuses unknown and circular dependencies, naming them', () => {
    expect(() => waves([def('a', ['ghost'])])).toThrow(/a depends on ghost, which has no definition/);
    expect(() => waves([def('a', ['b']), def('b', ['a'])])).toThrow(/circular dependency a -> b -> a/);
  });

  it.each([
    ['operator:\n  name: Bad_Name\n', /x\.yaml: operator\.name must be a DNS label, got "Bad_Name"/],
    ['operator:\n  name: ok\n  namespace: ok\n  chart: { repository: http://insecure, name: x, version: 1.0.0 }\n', /operator\.chart\.repository must be an https:\/\/ or oci:\/\//],
    ['operator:\n  name: ok\n  namespace: ok\n  chart: { repository: https://r, name: x, version: latest }\n', /operator\.chart\.version must pin an exact version, got "latest"/],
    ['operator:\n  name: ok\n  namespace: ok\n  chart: { repository: https://r, name: x, version: 1.0.0 }\n  valuez: {}\n', /operator\.valuez is not a field/],
  ])('a bad definition is refused with file and field: %#', (text, message) => {
    expect(() => readDefinition('x.yaml', text)).toThrow(message);
  });
});
