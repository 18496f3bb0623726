import { endOfLifeNotice, KUBERNETES_END_OF_LIFE, supportedMinors, supportStatus } from '../../lib/rules/kubernetes-eol';

describe('Kubernetes end of life (the notice synth and review print)', () => {
  it('a minor is supported through its end-of-life day and past end of life the day after', () => {
    expect(supportStatus('v1.33.5+k3s1', '2026-06-28')).toEqual({ kind: 'supported', minor: 33, endOfLife: '2026-06-28' });
    expect(supportStatus('v1.33.5+k3s1', '2026-06-29')).toEqual({ kind: 'end-of-life', minor: 33, endOfLife: '2026-06-28' });
    expect(endOfLifeNotice('k3s-gitops', 'v1.33.5+k3s1', '2026-06-28')).toBeUndefined();
    expect(endOfLifeNotice('k3s-gitops', 'v1.33.5+k3s1', '2026-06-29')).toBe(
      'notice: k3s-gitops: K3s v1.33.5+k3s1 is past end of life (Kubernetes v1.33 ended 2026-06-28, https://kubernetes.io/releases/): upgrade one minor at a time to v1.34 or newer, see docs/platform.md');
  });

  it('the dates of the issue: v1.28 ended 2024-10-28, v1.33 2026-06-28; older than the table is past end of life; newer is not judged', () => {
    expect(KUBERNETES_END_OF_LIFE[28]).toBe('2024-10-28');
    expect(KUBERNETES_END_OF_LIFE[33]).toBe('2026-06-28');
    expect(supportStatus('v1.20.4+k3s1', '2026-01-01').kind).toBe('end-of-life');
    expect(endOfLifeNotice('old', 'v1.20.4+k3s1', '2026-01-01')).toMatch(/Kubernetes v1\.20 ended before 2023-10-28/);
    expect(supportStatus('v1.99.0+k3s1', '2026-01-01')).toEqual({ kind: 'unknown', minor: 99 });
    expect(endOfLifeNotice('new', 'v1.99.0+k3s1', '2026-01-01')).toBeUndefined();
  });

  it('supported minors on a day: those whose end of life has not passed, oldest first', () => {
    expect(supportedMinors('2026-11-30')).toEqual([35, 36]);
    expect(supportedMinors('2026-06-28')).toEqual([33, 34, 35, 36]);
  });
});
