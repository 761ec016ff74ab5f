/**
 * The shapes of the words that travel from the config into commands on a child's computer: the config schema checks
 * them, and timekpr/commands.ts builds its shell-safe commands on the same patterns.
 */

/**
 * A Linux login name as `useradd` accepts it by default. Being strict here is what lets every name from the config
 * travel to a remote shell without surprises.
 */
export const LOGIN_NAME_PATTERN = /^[a-z_][a-z0-9_-]{0,31}$/;

/** An absolute path made only of characters that need no quoting (for `ssh.timekpra`). */
export const ABSOLUTE_PATH_PATTERN = /^\/[A-Za-z0-9._/+-]*$/;
