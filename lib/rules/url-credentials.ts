/**
 * The rule that a URL in the settings carries no credentials, in one place
 * for the settings schema and the constructs (no cdktf here): such a URL
 * ends up in the synthesized JSON, plans, state and Git. Repository URLs
 * (Argo CD, Flux) and the sandbox's base image URL follow it.
 */

/** `scheme://user:secret@`: the secret part of a URL's user information. */
const URL_PASSWORD = /^([a-z][a-z0-9+.-]*:\/\/[^/@:\s]*:)[^/@\s]*@/i;
/** `https://token@`: over HTTPS a user name alone is usually a token. */
const HTTPS_USER = /^(https?:\/\/)[^/@\s]+@/i;

export const URL_CREDENTIALS_RULE = 'must not carry a password or token (user:secret@, or https://token@)';

/** Whether the URL carries a password or token in its user information. */
export function hasUrlCredentials(url: string): boolean {
  return URL_PASSWORD.test(url) || HTTPS_USER.test(url);
}

/** The URL with the password or token of its user information replaced by ***. */
export function maskUrlPassword(url: string): string {
  return URL_PASSWORD.test(url) ? url.replace(URL_PASSWORD, '$1***@') : url.replace(HTTPS_USER, '$1***@');
}
