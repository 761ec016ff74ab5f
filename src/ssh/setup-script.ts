import path from 'node:path';
import { findUpwards } from '../lib/find-upwards.ts';
import { err, ok, type Result } from '../lib/result.ts';
import { LOGIN_NAME_PATTERN } from '../config/patterns.ts';

/**
 * The one script a parent runs on a child's computer when it is added from the chat (`curl … | sudo sh`): the
 * project's own `helper/setup-computer.sh` and helper, carried inside it, run with the bot's public key and user.
 * Everything carried is base64 (no quoting of file contents); the key and user are checked here, and the setup
 * script checks them again there. Pure.
 */
export interface SetupScriptParts {
  /** helper/setup-computer.sh. */
  readonly setupScript: string;
  /** helper/timekpr-bot-helper.py. */
  readonly helper: string;
  /** `ssh-ed25519 AAAA… timekpr-bot`. */
  readonly publicKeyLine: string;
  /** The bot's user on that computer (`ssh.user`). */
  readonly user: string;
}

/** A public key line: its type, its base64, a comment of safe characters. Nothing a shell would read differently. */
const PUBLIC_KEY_LINE = /^(ssh-ed25519|ecdsa-sha2-nistp(256|384|521)|ssh-rsa) [A-Za-z0-9+/]+={0,2}( [A-Za-z0-9._@-]{1,64})?$/;

/** helper/setup-computer.sh of this installation, found from here and from the bundle alike (dist/). */
export const SETUP_SCRIPT_FILE = findUpwards(import.meta.dirname, path.join('helper', 'setup-computer.sh')) ?? path.resolve('helper', 'setup-computer.sh');

export function buildSetupScript(parts: SetupScriptParts): Result<string, string> {
  if (!PUBLIC_KEY_LINE.test(parts.publicKeyLine)) return err('the public key line is not one the setup script takes');
  if (!LOGIN_NAME_PATTERN.test(parts.user)) return err('the user is not a Linux login name');
  const carried = (text: string) => Buffer.from(text, 'utf8').toString('base64').replace(/.{76}/g, '$&\n');
  return ok(`#!/bin/sh
# timekpr-bot: prepares this computer for the bot (see setup-computer.sh inside for what it does).
set -eu
dir=$(mktemp -d)
trap 'rm -rf "$dir"' EXIT
base64 -d > "$dir/setup-computer.sh" <<'TIMEKPR_BOT_SETUP'
${carried(parts.setupScript)}
TIMEKPR_BOT_SETUP
base64 -d > "$dir/timekpr-bot-helper.py" <<'TIMEKPR_BOT_HELPER'
${carried(parts.helper)}
TIMEKPR_BOT_HELPER
sh "$dir/setup-computer.sh" --user '${parts.user}' --key '${parts.publicKeyLine}' --helper "$dir/timekpr-bot-helper.py"
`);
}
