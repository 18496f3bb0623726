import { Token } from 'cdktf';
import { IConstruct } from 'constructs';

/**
 * A construct's props broke a rule (aws-cdk's ValidationError pattern): the
 * message names the construct path, the field, the value and the rule, e.g.
 * `chocolandiadc/cluster/master2: node.port = 70000: must be a TCP port (1-65535)`.
 */
export class ValidationError extends Error {
  constructor(readonly constructPath: string, readonly field: string, readonly value: unknown, readonly rule: string) {
    super(`${constructPath}: ${field} = ${show(value)}: ${rule}`);
    this.name = 'ValidationError';
  }
}

function show(value: unknown): string {
  return value === undefined ? '(unset)' : JSON.stringify(value);
}

/**
 * Checks for one construct: `check(field, value, ok, rule)` throws a
 * ValidationError unless `ok`; a value that is an unresolved token is left
 * to Terraform (its value is unknown until apply).
 */
export function validator(scope: IConstruct) {
  return {
    fail(field: string, value: unknown, rule: string): never {
      throw new ValidationError(scope.node.path, field, value, rule);
    },
    check(field: string, value: unknown, ok: boolean | ((v: any) => boolean), rule: string): void {
      if (value !== undefined && value !== null && (typeof value === 'string' || typeof value === 'number') && Token.isUnresolved(value)) return;
      const passed = typeof ok === 'function' ? ok(value) : ok;
      if (!passed) throw new ValidationError(scope.node.path, field, value, rule);
    },
  };
}
