/**
 * A settings problem names where it is (file and field path), what was found
 * and the rule it breaks, so one line tells the user what to fix.
 */
export interface SettingsProblem {
  readonly file: string;
  /** Field path such as `control_plane_nodes[2].hostname`; empty for the whole file. */
  readonly path: string;
  /** The offending value as written; omitted when the field is missing. */
  readonly value?: unknown;
  readonly rule: string;
}

/** Thrown with every problem of every environment, never just the first. */
export class SettingsError extends Error {
  constructor(public readonly problems: readonly SettingsProblem[]) {
    super(problems.map(formatProblem).join('\n'));
    this.name = 'SettingsError';
  }
}

/** `file: path = value: rule`, one line, value shown as JSON. */
export function formatProblem(problem: SettingsProblem): string {
  const where = problem.path ? `${problem.file}: ${problem.path}` : problem.file;
  const value = 'value' in problem ? ` = ${describeValue(problem.value)}` : '';
  return `${where}${value}: ${problem.rule}`;
}

function describeValue(value: unknown): string {
  const text = JSON.stringify(value);
  if (text === undefined) return String(value);
  return text.length > 80 ? `${text.slice(0, 77)}...` : text;
}
