import { dirname, join } from 'path';
import { z } from 'zod';
import { haClusterSchema, mvpClusterSchema } from './cluster-schema';
import {
  checkHaTopology, checkMvpTopology, ClusterSettings, HaClusterSettings, toClusterSettings, toHaClusterSettings,
} from './cluster-settings';
import { backendSchema, BackendSettings, toBackendSettings } from './backend-settings';
import { EnvironmentKind } from './environment-kind';
import { SettingsError, SettingsProblem } from './problems';
import { checkGitops, gitopsSchema, GitopsSettings, toGitopsSettings } from './gitops-settings';
import { checkHomelab, homelabSchema, HomelabSettings, toHomelabSettings } from './homelab-settings';
import { checkSandbox, sandboxSchema, SandboxSettings, toSandboxSettings } from './sandbox-settings';
import { readTfvars } from './tfvars';

/** What every environment has besides its own settings. */
export interface EnvironmentSettings {
  /** Where the state lives (`backend` block; default local at the documented path). */
  readonly backend: BackendSettings;
}

/** Every environment's settings, validated and frozen. */
export interface AllSettings {
  readonly chocolandiadc: HaClusterSettings & EnvironmentSettings;
  readonly 'chocolandiadc-mvp': ClusterSettings & EnvironmentSettings;
  readonly 'kpi-sandbox': SandboxSettings & EnvironmentSettings;
  readonly 'k3s-homelab': HomelabSettings & EnvironmentSettings;
  readonly 'k3s-gitops': GitopsSettings & EnvironmentSettings;
}

export type EnvironmentName = keyof AllSettings;

// eslint-disable-next-line @typescript-eslint/no-explicit-any
const ENVIRONMENTS: { readonly [E in EnvironmentName]: EnvironmentKind<any, Omit<AllSettings[E], 'backend'>> } = {
  chocolandiadc: { schema: haClusterSchema, check: checkHaTopology, build: toHaClusterSettings },
  'chocolandiadc-mvp': { schema: mvpClusterSchema, check: checkMvpTopology, build: toClusterSettings },
  'kpi-sandbox': { schema: sandboxSchema, check: checkSandbox, build: toSandboxSettings },
  'k3s-homelab': { schema: homelabSchema, check: checkHomelab, build: toHomelabSettings },
  'k3s-gitops': { schema: gitopsSchema, check: checkGitops, build: toGitopsSettings },
};

export const ENVIRONMENT_NAMES = Object.keys(ENVIRONMENTS) as EnvironmentName[];

/** Each environment's schema (the generated settings reference reads their descriptions). */
export function environmentSchema(env: EnvironmentName): z.ZodTypeAny {
  return ENVIRONMENTS[env].schema as z.ZodTypeAny;
}

export interface LoadOptions {
  /** Holds `<environment>/terraform.tfvars`. */
  readonly settingsDir: string;
  /** Where parsed HCL is cached by content; none means parse every time. */
  readonly cacheDir?: string;
}

/**
 * Loads and validates every environment before returning any, so that a
 * caller never acts on half-valid settings. Throws SettingsError listing
 * every problem of every file.
 */
export async function loadAllSettings(options: LoadOptions): Promise<AllSettings> {
  const problems: SettingsProblem[] = [];
  const loaded: Partial<Record<EnvironmentName, unknown>> = {};
  await Promise.all(
    ENVIRONMENT_NAMES.map(async (env) => {
      const file = join(options.settingsDir, env, 'terraform.tfvars');
      const result = await loadEnvironment(env, file, options.cacheDir);
      if (result.ok) loaded[env] = result.value;
      else problems.push(...result.problems);
    }),
  );
  if (problems.length > 0) throw new SettingsError(problems);
  return deepFreeze(loaded as unknown as AllSettings);
}

type EnvironmentResult = { ok: true; value: unknown } | { ok: false; problems: SettingsProblem[] };

async function loadEnvironment(env: EnvironmentName, file: string, cacheDir?: string): Promise<EnvironmentResult> {
  const raw = await readTfvars(file, cacheDir);
  if (!raw.ok) return { ok: false, problems: [raw.problem] };
  const kind = ENVIRONMENTS[env] as EnvironmentKind<unknown, object>;
  // The backend block is the same for every environment: validated here, once.
  const { backend, ...own } = (raw.value ?? {}) as Record<string, unknown>;
  const parsed = kind.schema.safeParse(own);
  const parsedBackend = backendSchema.optional().safeParse(backend);
  const problems: SettingsProblem[] = [
    ...(parsed.success ? [] : parsed.error.issues.flatMap((issue) => toProblems(file, own, issue))),
    ...(parsedBackend.success ? [] : parsedBackend.error.issues.flatMap((issue) => toProblems(file, raw.value, { ...issue, path: ['backend', ...issue.path] }))),
  ];
  if (!parsed.success || !parsedBackend.success) return { ok: false, problems };
  kind.check(parsed.data, (p) => problems.push({ file, ...p }));
  if (problems.length > 0) return { ok: false, problems };
  return { ok: true, value: { ...kind.build(parsed.data, dirname(file)), backend: toBackendSettings(parsedBackend.data, env) } };
}

/** `control_plane_nodes[2].hostname` from zod's ['control_plane_nodes', 2, 'hostname']. */
export function formatPath(path: readonly (string | number)[]): string {
  return path.map((p, i) => (typeof p === 'number' ? `[${p}]` : i === 0 ? p : `.${p}`)).join('');
}

function valueAt(root: unknown, path: readonly (string | number)[]): { found: boolean; value?: unknown } {
  let here: unknown = root;
  for (const key of path) {
    if (here === null || typeof here !== 'object' || !(key in (here as object))) return { found: false };
    here = (here as Record<string | number, unknown>)[key];
  }
  return { found: true, value: here };
}

function toProblems(file: string, root: unknown, issue: z.ZodIssue): SettingsProblem[] {
  if (issue.code === 'unrecognized_keys') {
    return issue.keys.map((key) => ({
      file,
      path: formatPath([...issue.path, key]),
      rule: 'unknown setting (misspelled? see the settings reference, docs/settings.md)',
    }));
  }
  const path = formatPath(issue.path);
  const at = valueAt(root, issue.path);
  if (!at.found || at.value === undefined) return [{ file, path, rule: 'required setting is missing' }];
  // zod reports a fraction where an integer belongs as a type error; its message is the rule.
  if (issue.code === 'invalid_type' && issue.received !== 'float') {
    const got = at.value === null ? 'null' : Array.isArray(at.value) ? 'list' : typeof at.value;
    const expected = issue.expected === 'array' ? 'a list' : issue.expected === 'object' ? 'an object { ... }' : `a ${issue.expected}`;
    return [{ file, path, value: at.value, rule: `must be ${expected}, got ${got}` }];
  }
  // A rule about a secret inside the value shows the value with the secret masked.
  const mask = issue.code === 'custom' ? issue.params?.maskValue : undefined;
  const value = typeof mask === 'function' && typeof at.value === 'string' ? mask(at.value) : at.value;
  return [{ file, path, value, rule: issue.message }];
}

function deepFreeze<T>(value: T): T {
  if (value && typeof value === 'object' && !Object.isFrozen(value)) {
    Object.freeze(value);
    for (const child of Object.values(value as object)) deepFreeze(child);
  }
  return value;
}
