import { CheckResult, DoctorTarget } from './checks';
import type { HomelabSettings } from '../../lib/settings';
import type { Runner } from './main';

export function onboardingChecks(_t: DoctorTarget, _s: HomelabSettings, _node: string, _run: Runner, _root: string): CheckResult[] {
  throw new Error('not yet');
}
