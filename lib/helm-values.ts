import { stringify } from 'yaml';

/**
 * A string Terraform takes as it is. Strings in Terraform's JSON syntax are
 * templates: `${` and `%{` are escaped to `$${` and `%%{`. Settings strings
 * cannot hold them (rules.ts: plainString); constants can, such as a
 * Traefik redirect replacement `${1}`.
 */
export function terraformLiteral(text: string): string {
  return text.replace(/\$\{/g, () => '$${').replace(/%\{/g, () => '%%{');
}

/** A `helm_release` values document: YAML, reviewable in the JSON, handed to Helm unchanged. */
export function helmValues(values: object): string {
  return terraformLiteral(stringify(values, { lineWidth: 0 }));
}
