import { oneAtATimeByKey } from '../lib/one-at-a-time.ts';
import type { Logger } from 'pino';
import type { MachineConfig } from '../config/types.ts';
import { err, ok, type Result } from '../lib/result.ts';
import type { ExecBatch, OpenStream } from '../ssh/exec-batch.ts';
import { createTimekpraClient, type MachineFailure, type TimekprClient } from './client.ts';
import { createHelperClient } from './helper/client.ts';
import { createHelperRulesClient } from './helper/rules-client.ts';
import { createTimekpraRulesClient, type RulesClient } from './rules-client.ts';
import type { HelperProgram } from './helper/program.ts';
import type { HelperHello } from './helper/protocol.ts';
import { createHelperSession, type HelperSession, type SessionFailure } from './helper/session.ts';

/** How the bot talks to a machine now, and why. */
export type BackendInUse =
  | { readonly kind: 'dbus'; readonly hello: HelperHello }
  | { readonly kind: 'timekpra'; readonly why: 'configured' }
  | { readonly kind: 'timekpra'; readonly why: 'fallback'; readonly reason: string };

/** Pushed time left of a machine's logged-in children. */
export interface TimeLeftListener {
  readonly onTimeLeft: (login: string, secondsLeft: number) => void;
  /** Events may have been missed (the channel was reopened): read the state once. */
  readonly onResync: () => void;
}

export interface TimeLeftEvents {
  /**
   * Streams the machine's time left to `listener` if its backend can (D-Bus), from now on and across reopened
   * channels; resolves false when it cannot (timekpra, or not reachable now: try again later).
   */
  watch(machineId: string, listener: TimeLeftListener): Promise<boolean>;
  /** Whether events from the machine are flowing now. */
  streaming(machineId: string): boolean;
}

export interface MachineClients extends TimekprClient, TimeLeftEvents, RulesClient {
  /** Decides (for `auto`: by starting the helper) and says how the bot talks to the machine. */
  backendOf(machineId: string): Promise<Result<BackendInUse, SessionFailure>>;
  close(): void;
}

export interface MachineClientsOptions {
  readonly machines: ReadonlyMap<string, MachineConfig>;
  readonly exec: ExecBatch;
  readonly openStream: OpenStream;
  readonly helper: HelperProgram;
  readonly logger: Logger;
}

/**
 * One `TimekprClient` over both backends, chosen per machine by `ssh.backend`: `dbus` always uses the helper,
 * `timekpra` never does, `auto` uses the helper once it has started there and otherwise timekpra, saying why once
 * in the log. A machine that cannot be reached yet stays undecided: the failure is the answer, not a fallback.
 */
export function createMachineClients(options: MachineClientsOptions): MachineClients {
  const { machines, logger } = options;
  const machineOf = (machineId: string): MachineConfig => {
    const machine = machines.get(machineId);
    if (machine === undefined) throw new Error(`unknown machine: ${machineId}`);
    return machine;
  };
  // timekpra refuses to run beside itself ("already running"): the bot's own batches on a computer go one at a time,
  // so a rules write is never cut in two by the bot's own read (and never retried part way, repeating setters).
  const timekpraExec = oneAtATimePerMachine(options.exec);
  const timekpra = createTimekpraClient({ exec: timekpraExec, timekpraOf: (id) => machineOf(id).timekpra });
  const sessions = new Map<string, HelperSession>();
  const sessionOf = (machineId: string): HelperSession => {
    let session = sessions.get(machineId);
    if (session === undefined) {
      const machine = machineOf(machineId);
      session = createHelperSession({
        machineId,
        openStream: options.openStream,
        command: options.helper.commandFor(machine.python),
        requestTimeoutMs: machine.commandTimeoutMs,
        logger,
      });
      sessions.set(machineId, session);
    }
    return session;
  };
  const helper = createHelperClient(sessionOf);
  const timekpraRules = createTimekpraRulesClient({ exec: timekpraExec, timekpraOf: (id) => machineOf(id).timekpra });
  const helperRules = createHelperRulesClient(sessionOf);
  const fallbacks = new Map<string, string>();

  async function backendOf(machineId: string): Promise<Result<BackendInUse, SessionFailure>> {
    const machine = machineOf(machineId);
    if (machine.backend === 'timekpra') return ok({ kind: 'timekpra', why: 'configured' });
    const fallback = fallbacks.get(machineId);
    if (fallback !== undefined) return ok({ kind: 'timekpra', why: 'fallback', reason: fallback });
    const started = await sessionOf(machineId).start();
    if (started.ok) return ok({ kind: 'dbus', hello: started.value });
    if (started.error.kind !== 'helper-unavailable' || machine.backend === 'dbus') return err(started.error);
    fallbacks.set(machineId, started.error.reason);
    logger.warn(
      { machine: machineId, reason: started.error.reason },
      'the helper cannot run there: using timekpra for this computer until the bot restarts',
    );
    return ok({ kind: 'timekpra', why: 'fallback', reason: started.error.reason });
  }

  /** Runs `call` on the machine's backend; a machine that cannot be reached answers with that failure. */
  async function through<T>(machineId: string, call: (client: TimekprClient) => Promise<Result<T, MachineFailure>>): Promise<Result<T, MachineFailure>> {
    const backend = await backendOf(machineId);
    if (!backend.ok) return backend;
    return call(backend.value.kind === 'dbus' ? helper : timekpra);
  }

  /** The same for the house rules. */
  async function rulesThrough<T, E>(machineId: string, call: (client: RulesClient) => Promise<Result<T, E>>): Promise<Result<T, E | MachineFailure>> {
    const backend = await backendOf(machineId);
    if (!backend.ok) return backend;
    return call(backend.value.kind === 'dbus' ? helperRules : timekpraRules);
  }

  return {
    knownUsers: (machineId) => through(machineId, (client) => client.knownUsers(machineId)),
    usersInfo: (machineId, logins) => through(machineId, (client) => client.usersInfo(machineId, logins)),
    changeTimeLeft: (machineId, login, operation, seconds) => through(machineId, (client) => client.changeTimeLeft(machineId, login, operation, seconds)),
    readRules: (machineId, login) => rulesThrough(machineId, (client) => client.readRules(machineId, login)),
    changeRules: (machineId, login, patch) => rulesThrough(machineId, (client) => client.changeRules(machineId, login, patch)),
    changePlayTimeLeft: (machineId, login, operation, seconds) => through(machineId, (client) => client.changePlayTimeLeft(machineId, login, operation, seconds)),
    backendOf,
    async watch(machineId, listener) {
      const backend = await backendOf(machineId);
      if (!backend.ok || backend.value.kind !== 'dbus') return false;
      sessionOf(machineId).subscribe({
        onEvent: (event) => {
          if (event.kind === 'time-left') listener.onTimeLeft(event.login, event.secondsLeft);
          // The daemon came back: what it says now is read once rather than waited for.
          else if (event.running) listener.onResync();
        },
        onResync: listener.onResync,
      });
      return true;
    },
    streaming: (machineId) => sessions.get(machineId)?.streaming() ?? false,
    close: () => {
      for (const session of sessions.values()) session.close();
    },
  };
}

/** `exec` with each machine's batches run one after another (other machines are not held up). */
export function oneAtATimePerMachine(exec: ExecBatch): ExecBatch {
  const inTurn = oneAtATimeByKey();
  return (machineId, commands) => inTurn(machineId, () => exec(machineId, commands));
}
