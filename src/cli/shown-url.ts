import { redact } from '../sql/database-url.js';

/**
 * A URL as the CLI prints it. One for a server the toolkit started carries its password: clients
 * need it to connect, and it exists only for that server's life. One built from a URL the user
 * passed in (their own server) never repeats their password, unless they ask with --show-password.
 */
export function shownUrl(url: string, options: { userPassword: boolean; showPassword: boolean }): string {
  return options.userPassword && !options.showPassword ? redact(url) : url;
}
