import { GITOPS5 } from '../../tools/harness/e2e/scenarios/remove-server';
import { hostSpecs, selectRuns } from '../../tools/harness/e2e';
import { Scenario, Topology } from '../../tools/harness/e2e/context';
import { SCENARIOS } from '../../tools/harness/e2e/scenarios';
import { HA, MVP, TOPOLOGIES } from '../../tools/harness/e2e/topologies';
import { existsSync } from 'fs';
import { join } from 'path';
import { ROOT } from '../helpers/repo';

/** The e2e runner's selection (E2E_SCENARIOS, E2E_ONLY) and the test hosts it brings up (tools/harness/e2e.ts). */
describe('e2e runner', () => {
  const names = (runs: ReturnType<typeof selectRuns>) => runs.map((r) => `${r.topology.name}: ${r.scenarios.map((s) => s.name).join(',')}${r.teardown ? ' +teardown' : ''}`);

  it('runs every topology and every scenario in the listed order, with the closing checks, by default', () => {
    expect(names(selectRuns(SCENARIOS, TOPOLOGIES, {}))).toEqual([
      'mvp:  +teardown',
      `ha: ${SCENARIOS.filter((s) => s.topology === HA).map((s) => s.name).join(',')} +teardown`,
      // remove-server's five servers (k3s-gitops), after the listed topologies.
      'gitops5: remove-server +teardown',
    ]);
  });

  it('E2E_SCENARIOS runs only the named scenarios and those they require, on their topology only', () => {
    expect(names(selectRuns(SCENARIOS, TOPOLOGIES, { E2E_SCENARIOS: 'refuse-skip, replace-server' }))).toEqual(['ha: upgrade-one-minor,refuse-skip,replace-server']);
    expect(names(selectRuns(SCENARIOS, TOPOLOGIES, { E2E_SCENARIOS: 'replace-server', E2E_TEARDOWN: '1' }))).toEqual(['ha: replace-server +teardown']);
    expect(() => selectRuns(SCENARIOS, TOPOLOGIES, { E2E_SCENARIOS: 'no-such' })).toThrow(/no scenario no-such/);
  });

  it('E2E_ONLY runs one stack', () => {
    expect(names(selectRuns(SCENARIOS, TOPOLOGIES, { E2E_ONLY: 'chocolandiadc-mvp' }))).toEqual(['mvp:  +teardown']);
  });

  it('a scenario on a topology of its own runs after the listed ones, on hosts it declares', () => {
    const FIVE: Topology = { ...HA, name: 'ha5', hostPrefix: 'five-', servers: [['master1', '198.18.42.50']], agents: [], laterNodes: [['master2', '198.18.42.51']] };
    const extra: Scenario = { name: 'x', topology: FIVE, hosts: [{ name: 'spare9', ip: '198.18.42.59' }], addresses: { master1: ['198.18.42.58'] }, steps: () => [] };
    const runs = selectRuns([...SCENARIOS, extra], TOPOLOGIES, { E2E_SCENARIOS: 'x' });
    expect(names(runs)).toEqual(['ha5: x']);
    expect(hostSpecs(runs)).toEqual(['five-master1=198.18.42.50+198.18.42.58', 'five-master2=198.18.42.51', 'spare9=198.18.42.59']);
  });

  it('the full run brings up each node once, with the addresses its scenarios add, and no address twice', () => {
    const specs = hostSpecs(selectRuns(SCENARIOS, TOPOLOGIES, {}));
    // The API VIP (198.18.42.40) is no host's own address: the double's kube-vip puts it on a server.
    expect(specs).toEqual(expect.arrayContaining(['mvp-master1=198.18.42.10', 'master1=198.18.42.20', 'nodo1=198.18.42.23+198.18.42.33']));
    expect(specs.join(' ')).not.toContain('198.18.42.40');
    expect(specs).toHaveLength(MVP.servers.length + MVP.agents.length + HA.servers.length + HA.agents.length + 1 + GITOPS5.servers.length + GITOPS5.agents.length);
    const clash: Scenario = { name: 'y', topology: HA, hosts: [{ name: 'other', ip: '198.18.42.20' }], steps: () => [] };
    expect(() => hostSpecs(selectRuns([...SCENARIOS, clash], TOPOLOGIES, {}))).toThrow(/198\.18\.42\.20 is declared twice/);
  });

  it('every scenario lives in scenarios/<name>.ts and names are unique', () => {
    expect(SCENARIOS.filter((s) => !existsSync(join(ROOT, 'tools/harness/e2e/scenarios', `${s.name}.ts`))).map((s) => s.name)).toEqual([]);
    expect(new Set(SCENARIOS.map((s) => s.name)).size).toBe(SCENARIOS.length);
  });
});
