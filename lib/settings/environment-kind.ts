import { z } from 'zod';
import { SettingsProblem } from './problems';

/**
 * How one environment's `terraform.tfvars` becomes typed settings: a zod
 * schema for the shape and field rules, cross-field checks, and the mapping
 * to the camelCase, typed object the stack receives. Registered in load.ts.
 */
export interface EnvironmentKind<Input, Settings> {
  /** Field rules; `.strict()` objects so unknown keys are refused. */
  readonly schema: z.ZodType<Input, z.ZodTypeDef, unknown>;
  /** Rules spanning fields; reports problems with field paths, never throws. */
  readonly check: (input: Input, report: (problem: Omit<SettingsProblem, 'file'>) => void) => void;
  /** Typed settings; `settingsDir` resolves relative paths in the file. */
  readonly build: (input: Input, settingsDir: string) => Settings;
}
