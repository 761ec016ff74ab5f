import { readFileSync } from 'node:fs';
import path from 'node:path';
import { deflateSync } from 'node:zlib';
import { findUpwards } from '../../lib/find-upwards.ts';
import type { RemoteCommand } from '../../ssh/exec-batch.ts';

/** The helper program shipped with the bot (helper/timekpr-bot-helper.py), ready to send. */
export interface HelperProgram {
  /** Its `HELPER_VERSION`: an installed helper older than this is reported by `check`. */
  readonly version: number;
  /** The command that runs it on a machine without installing anything: `python -c '<bootstrap>'`. */
  readonly commandFor: (python: string) => RemoteCommand;
}

const HELPER_PATH = path.join('helper', 'timekpr-bot-helper.py');

/** helper/timekpr-bot-helper.py of this installation, found from here and from the bundle alike (dist/). */
export const HELPER_FILE = findUpwards(import.meta.dirname, HELPER_PATH) ?? path.resolve(HELPER_PATH);

/**
 * Builds the agentless command from the helper's source: compressed and base64-encoded inside a one-line Python
 * bootstrap (the way Ansible and Mitogen run code over SSH), so it travels in the exec request itself and the
 * channel's stdin stays free for the protocol. Base64 has no quote, so the word is safe in any quoting.
 */
export function helperProgramFrom(source: string): HelperProgram {
  const version = /^HELPER_VERSION = (\d+)$/m.exec(source)?.[1];
  if (version === undefined) throw new Error('the helper program has no HELPER_VERSION line');
  const packed = deflateSync(Buffer.from(source, 'utf8'), { level: 9 }).toString('base64');
  const bootstrap =
    'import sys,zlib,base64;' +
    `exec(compile(zlib.decompress(base64.b64decode('${packed}')),'timekpr-bot-helper','exec'),{'__name__':'__main__'})`;
  return { version: Number(version), commandFor: (python) => ({ argv: [python, '-c', bootstrap], env: { LC_ALL: 'C' } }) };
}

/** Reads the helper shipped next to the bot's source. */
export function loadHelperProgram(file: string = HELPER_FILE): HelperProgram {
  return helperProgramFrom(readFileSync(file, 'utf8'));
}
