import path from 'node:path';
import { REPORT_DIFFERENCES_KEY } from './profiles.ts';
import { DEFAULT_API_ROOT, profileEntries, SSH_DEFAULTS, WEEKDAY_NAMES, type ConfigFile } from './schema.ts';
import type { ChildConfig, Config, MachineConfig, ProfileConfig, ProfilesConfig, ReportsConfig } from './types.ts';

/** Where a machine's private key setting came from, so an unreadable key can be reported at the right line. */
export type SettingPath = readonly [string, ...string[]];

export interface ResolvedConfig {
  readonly config: Config;
  readonly privateKeyFileOrigin: ReadonlyMap<string, SettingPath>;
}

/**
 * Applies defaults and makes paths absolute (relative to the config file's folder). `apiRoot` is the Bot API's
 * address when the file names none (TELEGRAM_API_ROOT, checked by the caller). Pure.
 */
export function resolveConfig(file: ConfigFile, configDir: string, apiRoot: string = DEFAULT_API_ROOT): ResolvedConfig {
  const machines = new Map<string, MachineConfig>();
  const privateKeyFileOrigin = new Map<string, SettingPath>();
  for (const [id, machine] of Object.entries(file.machines)) {
    const privateKeyFile = machine.privateKeyFile ?? file.ssh.privateKeyFile;
    if (privateKeyFile !== undefined) {
      privateKeyFileOrigin.set(
        id,
        machine.privateKeyFile === undefined ? ['ssh', 'privateKeyFile'] : ['machines', id, 'privateKeyFile'],
      );
    }
    machines.set(id, {
      id,
      host: machine.host,
      port: machine.port ?? file.ssh.port ?? SSH_DEFAULTS.port,
      user: machine.user ?? file.ssh.user ?? SSH_DEFAULTS.user,
      privateKeyFile: privateKeyFile === undefined ? undefined : path.resolve(configDir, privateKeyFile),
      knownHostsFile: path.resolve(configDir, machine.knownHostsFile ?? file.ssh.knownHostsFile ?? SSH_DEFAULTS.knownHostsFile),
      timekpra: machine.timekpra ?? file.ssh.timekpra ?? SSH_DEFAULTS.timekpra,
      backend: machine.backend ?? file.ssh.backend ?? SSH_DEFAULTS.backend,
      python: machine.python ?? file.ssh.python ?? SSH_DEFAULTS.python,
      connectTimeoutMs: 1000 * (machine.connectTimeoutSeconds ?? file.ssh.connectTimeoutSeconds ?? SSH_DEFAULTS.connectTimeoutSeconds),
      commandTimeoutMs: 1000 * (machine.commandTimeoutSeconds ?? file.ssh.commandTimeoutSeconds ?? SSH_DEFAULTS.commandTimeoutSeconds),
    });
  }
  const children = new Map<string, ChildConfig>();
  for (const [id, child] of Object.entries(file.children)) {
    children.set(id, { id, name: child.name, accounts: new Map(Object.entries(child.accounts)), alerts: child.alerts, telegramIds: child.telegram, warn: child.warn, profile: child.profile });
  }
  return {
    config: {
      telegram: { parents: file.telegram.parents, chats: file.telegram.chats, apiRoot: (file.telegram.apiRoot ?? apiRoot).replace(/\/+$/, ''), buttons: file.telegram.buttons, deliverWithinMs: file.telegram.deliverWithinHours * 3_600_000, language: file.telegram.language },
      machines,
      children,
      notifications: {
        thresholdsMinutes: file.notifications.thresholdsMinutes,
        pollMs: file.notifications.pollSeconds * 1000,
        announceChanges: file.notifications.announceChanges,
      },
      storagePath: path.resolve(configDir, file.storage.path),
      asks: { enabled: file.asks.enabled, cooldownMs: file.asks.cooldownMinutes * 60_000, expireMs: file.asks.expireMinutes * 60_000 },
      offline: { keepChanges: file.offline.keepChanges, retryMs: file.offline.retrySeconds * 1000 },
      reports: { weekly: weeklyOf(file.reports.weekly) },
      profiles: profilesOf(file.profiles, [...children.keys()]),
    },
    privateKeyFileOrigin,
  };
}

/** `{ day: sun, time: "19:00" }` → weekday 0, minute 1140; false → off. */
function weeklyOf(weekly: ConfigFile['reports']['weekly']): ReportsConfig['weekly'] {
  if (weekly === false) return undefined;
  const [hours, minutes] = weekly.time.split(':').map(Number);
  return { weekday: WEEKDAY_NAMES.indexOf(weekly.day), minuteOfDay: (hours ?? 0) * 60 + (minutes ?? 0) };
}

/** The profiles with their children resolved (`all`: every child), and the setting beside them. */
function profilesOf(section: ConfigFile['profiles'], childIds: readonly string[]): ProfilesConfig {
  const byId = new Map<string, ProfileConfig>();
  for (const [id, profile] of profileEntries(section ?? {})) {
    byId.set(id, { id, name: profile.name ?? id, childIds: profile.children === 'all' ? childIds : childIds.filter((childId) => profile.children.includes(childId)), rules: profile.rules });
  }
  return { reportDifferences: section?.[REPORT_DIFFERENCES_KEY] ?? true, byId };
}
