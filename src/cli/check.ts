import path from 'node:path';
import process from 'node:process';
import { parseArgs } from 'node:util';
import { probeMachine, unreadable, type MachineReport } from '../check/probe.ts';
import { formatCheckReport, formatProfileTable, type ProfileRow } from '../check/report.ts';
import { trustUnknownHostKeys } from '../check/trust.ts';
import { environmentWithDotEnv } from '../config/env.ts';
import { loadSetup } from './setup.ts';
import { formatConfigError } from '../config/types.ts';
import { createLogger } from '../lib/logger.ts';
import { SshPool } from '../ssh/pool.ts';
import { publicKeyLineOf } from '../ssh/keys.ts';
import { hostKeyFileHint } from '../ssh/first-contact.ts';
import { readLastSeen } from '../storage/last-seen.ts';
import { createMachineClients } from '../timekpr/backend.ts';
import type { Config, MachineConfig } from '../config/types.ts';
import { profileFollowed } from '../household/profiles.ts';
import { profileEdit, standingOf } from '../household/profile-rules.ts';
import { parseStoredSettings } from '../household/rules-stored.ts';
import { readProfileState, type ProfileState } from '../storage/profiles.ts';
import type { RulesClient } from '../timekpr/rules-client.ts';
import { loadHelperProgram } from '../timekpr/helper/program.ts';
import { messageOf } from '../lib/errors.ts';
import { loadTranslations } from '../i18n/translations.ts';

const USAGE = `Usage: npm run check -- [--config <file>] [--trust-new]

Checks every machine of the config: that it is reachable, that its host key is trusted, that the SSH login works,
that Timekpr-nExT runs there and may be used, how the bot talks to it (the D-Bus helper or timekpra, and whether
its key is restricted), and shows each child's time left. Exits 0 only if all is well.

  --config <file>  the config file (default: ./config.yaml); .env is read from the current directory
  --trust-new      trust the host keys of machines that are not known yet (after printing their fingerprints);
                   a key that CHANGED is never replaced`;

/** Runs `check` and returns the exit code: 0 all well, 1 problems found, 2 unusable config or arguments. */
export async function runCheck(argv: readonly string[], env: NodeJS.ProcessEnv, print: (line: string) => void): Promise<number> {
  let args;
  try {
    args = parseArgs({
      args: [...argv],
      options: { config: { type: 'string', default: 'config.yaml' }, 'trust-new': { type: 'boolean', default: false }, help: { type: 'boolean' } },
      strict: true,
      allowPositionals: false,
    });
  } catch (cause) {
    print(`${messageOf(cause)}\n\n${USAGE}`);
    return 2;
  }
  if (args.values.help === true) {
    print(USAGE);
    return 0;
  }
  const configPath = args.values.config;
  const environment = await environmentWithDotEnv(path.resolve('.env'), env);
  if (!environment.ok) {
    print(environment.error);
    return 2;
  }
  const loaded = await loadSetup(configPath, environment.value);
  if (!loaded.ok) {
    print(`The config has ${loaded.error.length === 1 ? 'a problem' : `${loaded.error.length} problems`}; nothing was checked:`);
    for (const error of loaded.error) print(`  ${formatConfigError(error)}`);
    return 2;
  }
  const { config, credentials } = loaded.value;
  const translations = loadTranslations();
  if (!translations.ok) {
    print(['The language files have problems; nothing was checked:', ...translations.error.map((problem) => `  ${problem}`)].join('\n'));
    return 2;
  }
  // The check speaks English: it is read at the bot's computer, with the config's English names.
  const english = translations.value.wordsFor('en');
  const trustCommand = `npm run check -- --config ${configPath} --trust-new`;
  const silent = createLogger({ level: environment.value['LOG_LEVEL'] ?? 'silent' });
  const pool = new SshPool({ machines: config.machines, credentials, logger: silent });
  const helper = loadHelperProgram();
  const client = createMachineClients({ machines: config.machines, exec: pool.exec, openStream: pool.openStream, helper, logger: silent });
  /** The backend first (for auto: the helper starts, or why not), then the usual probe through it. */
  const probe = async (machine: MachineConfig): Promise<MachineReport> => {
    const backend = await client.backendOf(machine.id);
    // Not reachable, host key, login: said once, without trying the same connection a second time.
    if (!backend.ok) return unreadable(config, machine, backend.error);
    const report = await probeMachine(client, config, machine);
    return { ...report, backend: backend.ok ? backend.value : undefined };
  };
  try {
    const machines = [...config.machines.values()];
    print(`Checking ${machines.length} machine${machines.length === 1 ? '' : 's'} from ${configPath}...`);
    print('');
    if (machines.length === 0) {
      print('There are no computers in the config yet: add one in the chat with /computer add NAME HOST.');
      return 0;
    }
    let reports = await Promise.all(machines.map(probe));

    if (args.values['trust-new']) {
      const outcome = await trustUnknownHostKeys(reports);
      if (!outcome.ok) {
        print(outcome.error);
        return 1;
      }
      const trusted = outcome.value;
      for (const key of trusted) {
        print(`${key.machine.id} (${key.machine.host} port ${key.machine.port}) offered ${key.keyType} key ${key.fingerprint}`);
        print(`  trusted: added to ${key.file}`);
        print(`  To be sure, compare with "ssh-keygen -lf ${hostKeyFileHint(key.keyType)}" on that computer; if they differ, remove the line.`);
      }
      if (trusted.length > 0) {
        print('');
        const again = new Set(trusted.map((key) => key.machine.id));
        reports = await Promise.all(reports.map((report) => (again.has(report.machine.id) ? probe(report.machine) : Promise.resolve(report))));
      } else {
        print('No new host keys to trust.');
        print('');
      }
    }

    const publicKeyOf = (machineId: string) => {
      const key = credentials.get(machineId);
      return key?.privateKey === undefined ? undefined : publicKeyLineOf(key.privateKey, key.passphrase);
    };
    const lastSeen = readLastSeen(config.storagePath);
    // Where a computer differs from its child's profile: as /rules says it, one row per child and computer.
    const profileLines = formatProfileTable(english, await profileRows(config, client, readProfileState(config.storagePath), reports));
    const summary = formatCheckReport(reports, { words: english, trustCommand, helperVersion: helper.version, publicKeyOf, lastSeenOf: (machineId) => lastSeen.get(machineId), profileLines });
    for (const line of summary.lines) print(line);
    return summary.problems === 0 ? 0 : 1;
  } finally {
    client.close();
    await pool.close();
  }
}

if (import.meta.main) {
  // Output piped into `head` and the like: stop quietly when the reader goes away.
  process.stdout.on('error', (error: NodeJS.ErrnoException) => {
    if (error.code === 'EPIPE') process.exit(process.exitCode ?? 0);
    throw error;
  });
  try {
    process.exitCode = await runCheck(process.argv.slice(2), process.env, (line) => process.stdout.write(`${line}\n`));
  } catch (cause) {
    // A bug, not a setup problem: one line for the parent, the details for a bug report.
    process.stderr.write(`check failed unexpectedly: ${messageOf(cause)}\n`);
    if (process.env['DEBUG'] !== undefined) process.stderr.write(`${cause instanceof Error ? cause.stack : ''}\n`);
    process.exitCode = 3;
  }
}

/** Each child who follows a profile, on each of her computers that could be used: its rules against the profile. */
async function profileRows(config: Config, client: RulesClient, state: ProfileState, reports: readonly MachineReport[]): Promise<ProfileRow[]> {
  const usable = new Set(reports.filter((report) => report.status.ok).map((report) => report.machine.id));
  const rows: Promise<ProfileRow>[] = [];
  for (const child of config.children.values()) {
    const profile = profileFollowed(config, state.chosen.get(child.id), child.id);
    if (profile === undefined) continue;
    for (const [machineId, login] of child.accounts) {
      rows.push(
        (async (): Promise<ProfileRow> => {
          const base = { childName: child.name, machineId, profileName: profile.name };
          if (!usable.has(machineId)) return { ...base, standing: undefined };
          const rules = await client.readRules(machineId, login);
          if (!rules.ok) return { ...base, standing: rules };
          return { ...base, standing: standingOf(rules.value, parseStoredSettings(state.expected(child.id, machineId)), profileEdit(profile)) };
        })(),
      );
    }
  }
  return Promise.all(rows);
}
