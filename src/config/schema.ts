import { z } from 'zod';
import { DEFAULT_LANGUAGE, LANGUAGES } from '../i18n/languages.ts';
import { ABSOLUTE_PATH_PATTERN, LOGIN_NAME_PATTERN } from './patterns.ts';
import { profileSchema, REPORT_DIFFERENCES_KEY, setsAnything } from './profiles.ts';

/** Telegram user ids are positive integers. */
const telegramUserId = z.int({ error: 'must be a Telegram user ID (a positive whole number)' }).positive({
  error: 'must be a Telegram user ID (a positive whole number)',
});

/** Chat ids are non-zero integers; groups and supergroups are negative. */
const telegramChatId = z
  .int({ error: 'must be a Telegram chat ID (a whole number; groups are negative, e.g. -1001234567890)' })
  .refine((id) => id !== 0, { error: 'must be a Telegram chat ID, not 0' });

/** A Linux login name (its pattern, patterns.ts, is also what timekpr/commands.ts builds shell-safe commands on). */
const loginName = z.string({ error: 'must be a Linux user name' }).regex(LOGIN_NAME_PATTERN, {
  error: 'must be a Linux user name: lowercase letters, digits, "_" or "-", starting with a letter or "_", at most 32 characters',
});

/** Ids of machines and children: short, because they travel in commands and in button data. */
export const ID_PATTERN = /^[A-Za-z0-9][A-Za-z0-9_-]{0,23}$/;
const idError = 'must be a short name: letters, digits, "_" or "-", starting with a letter or digit, at most 24 characters';

const hostName = z
  .string({ error: 'must be a host name or IP address' })
  .regex(/^[A-Za-z0-9]([A-Za-z0-9.:%-]{0,252}[A-Za-z0-9])?$/, {
    error: 'must be a host name or IP address (e.g. 192.168.1.20 or laptop.lan)',
  });

const absolutePath = z.string({ error: 'must be an absolute path' }).regex(ABSOLUTE_PATH_PATTERN, {
  error: 'must be an absolute path such as /usr/bin/timekpra (letters, digits and . _ / + - only)',
});

const filePath = z.string({ error: 'must be a file path' }).min(1, { error: 'must be a file path' });

const port = z.int({ error: 'must be a port number (1-65535)' }).min(1, { error: 'must be a port number (1-65535)' }).max(65535, {
  error: 'must be a port number (1-65535)',
});

/** Where the Bot API answers: Telegram's own, or a local Bot API server. */
export const API_ROOT = z.url({ protocol: /^https?$/, error: 'must be an http(s) URL such as https://api.telegram.org' });
export const DEFAULT_API_ROOT = 'https://api.telegram.org';

function secondsBetween(min: number, max: number) {
  const error = `must be a number of seconds from ${min} to ${max}`;
  return z.number({ error }).min(min, { error }).max(max, { error });
}

/** Settings every machine has; `ssh:` gives defaults and each machine may override any of them. */
const sshSettings = {
  user: loginName,
  port,
  privateKeyFile: filePath,
  knownHostsFile: filePath,
  timekpra: absolutePath,
  backend: z.enum(['auto', 'dbus', 'timekpra'], { error: 'must be auto, dbus or timekpra' }),
  python: absolutePath,
  connectTimeoutSeconds: secondsBetween(1, 120),
  commandTimeoutSeconds: secondsBetween(1, 600),
};

export const SSH_DEFAULTS = {
  user: 'timekpr-remote',
  port: 22,
  knownHostsFile: './keys/known_hosts',
  timekpra: '/usr/bin/timekpra',
  backend: 'auto',
  python: '/usr/bin/python3',
  connectTimeoutSeconds: 5,
  commandTimeoutSeconds: 15,
} as const;

const sshSection = z.strictObject(sshSettings).partial();

const machine = z.strictObject({ host: hostName, ...sshSettings }).partial().required({ host: true });

const child = z.strictObject({
  name: z.string({ error: 'must be the name parents call this child' }).trim().min(1, { error: 'must not be empty' }).max(64, {
    error: 'must be at most 64 characters',
  }),
  accounts: z
    .record(z.string().regex(ID_PATTERN, { error: idError }), loginName, {
      error: 'must map machine names to login names, e.g. { desktop: mia }',
    })
    // Empty while her computers are not set up yet, or after the last one was removed.
    .default({}),
  alerts: z.boolean({ error: 'must be true or false' }).default(true),
  telegram: z.array(telegramUserId, { error: "must be a list of the child's Telegram user IDs, e.g. [555000111]" }).default([]),
  warn: z.boolean({ error: 'must be true or false' }).default(false),
  profile: z.string({ error: 'must name one of the profiles under profiles' }).optional(),
});

/** `profiles:` named sets of house rules, and whether the bot reports where a computer differs from its child's. */
const profiles = z
  .object({ [REPORT_DIFFERENCES_KEY]: z.boolean({ error: 'must be true or false' }).default(true) }, { error: 'must be a map of profiles, e.g. school: { weekdays: 1h30 }' })
  .catchall(profileSchema);

const asks = z.strictObject({
  enabled: z.boolean({ error: 'must be true or false' }).default(true),
  cooldownMinutes: z.int({ error: 'must be whole minutes' }).min(0, { error: 'must be 0 to 1440 minutes' }).max(1440, { error: 'must be 0 to 1440 minutes' }).default(10),
  expireMinutes: z.int({ error: 'must be whole minutes' }).min(1, { error: 'must be 1 to 1440 minutes' }).max(1440, { error: 'must be 1 to 1440 minutes' }).default(30),
});

const offline = z.strictObject({
  keepChanges: z.boolean({ error: 'must be true or false' }).default(true),
  retrySeconds: z.int({ error: 'must be whole seconds' }).min(2, { error: 'must be 2 to 3600 seconds' }).max(3600, { error: 'must be 2 to 3600 seconds' }).default(60),
});

/** The days of `reports.weekly.day`, in JavaScript's order (0 is Sunday). */
export const WEEKDAY_NAMES = ['sun', 'mon', 'tue', 'wed', 'thu', 'fri', 'sat'] as const;

const reports = z.strictObject({
  weekly: z
    .union(
      [
        z.literal(false),
        z.strictObject({
          day: z.enum(WEEKDAY_NAMES, { error: 'must be one of sun, mon, tue, wed, thu, fri, sat' }).default('sun'),
          time: z
            .string({ error: 'must be a time like "19:00"' })
            .regex(/^([01]\d|2[0-3]):[0-5]\d$/, { error: 'must be a time like "19:00" (24-hour clock, quoted)' })
            .default('19:00'),
        }),
      ],
      { error: 'must be false, or { day: sun, time: "19:00" }' },
    )
    .default({ day: 'sun', time: '19:00' }),
});

const notifications = z.strictObject({
  thresholdsMinutes: z
    .array(z.int({ error: 'must be whole minutes' }).min(1, { error: 'must be at least 1 minute' }).max(1440, { error: 'must be at most 1440' }), {
      error: 'must be a list of minutes, e.g. [15, 5], or [] for no alerts',
    })
    .max(10, { error: 'must list at most 10 thresholds' })
    .refine((minutes) => new Set(minutes).size === minutes.length, { error: 'must not list a threshold twice' })
    .default([15, 5]),
  pollSeconds: z.int({ error: 'must be whole seconds' }).min(1, { error: 'must be at least 1 second' }).max(3600, { error: 'must be at most 3600 seconds' }).default(60),
  announceChanges: z.boolean({ error: 'must be true or false' }).default(true),
});

const storage = z.strictObject({ path: z.string({ error: 'must be a file path' }).min(1, { error: 'must be a file path' }).default('./data/timekpr-bot.sqlite') });

/** A button's amount in minutes: a change of at most a day either way, never 0. */
export const MAX_CHANGE_MINUTES = 1440;
const buttonMinutesError = `must be whole minutes from -${MAX_CHANGE_MINUTES} to ${MAX_CHANGE_MINUTES}, not 0`;
const buttonMinutes = z
  .int({ error: buttonMinutesError })
  .min(-MAX_CHANGE_MINUTES, { error: buttonMinutesError })
  .max(MAX_CHANGE_MINUTES, { error: buttonMinutesError })
  .refine((minutes) => minutes !== 0, { error: buttonMinutesError });

const telegram = z.strictObject({
  parents: z.array(telegramUserId, { error: 'must be a list of Telegram user IDs, e.g. [123456789]' }).min(1, {
    error: 'must list at least one parent',
  }),
  chats: z.array(telegramChatId, { error: 'must be a list of Telegram chat IDs' }).default([]),
  /** Unset: TELEGRAM_API_ROOT from the environment, else Telegram's own (see resolve.ts). */
  apiRoot: API_ROOT.optional(),
  buttons: z
    .array(buttonMinutes, { error: 'must be a list of minutes, e.g. [-15, 15, 30, 60]' })
    .min(1, { error: 'must list at least one amount' })
    .max(6, { error: 'must list at most 6 amounts (they share one row)' })
    .refine((amounts) => new Set(amounts).size === amounts.length, { error: 'must not list an amount twice' })
    .default([-15, 15, 30, 60]),
  deliverWithinHours: z
    .int({ error: 'must be whole hours' })
    .min(1, { error: 'must be 1 to 168 hours' })
    .max(168, { error: 'must be 1 to 168 hours' })
    .default(24),
  language: z.enum(LANGUAGES, { error: `must be a language the bot speaks: ${LANGUAGES.join(', ')}` }).default(DEFAULT_LANGUAGE),
});

/** A map by short ids; empty until the first computer or child is added (setup from the chat starts with none). */
function recordOf<T extends z.ZodType>(value: T, what: string) {
  return z.record(z.string().regex(ID_PATTERN, { error: idError }), value, { error: `must be a map of ${what}` }).default({});
}

/** The config file as written by parents, before paths and defaults are resolved. */
export const configFileSchema = z
  .strictObject({
    telegram,
    ssh: sshSection.default({}),
    machines: recordOf(machine, 'machines'),
    children: recordOf(child, 'children'),
    notifications: notifications.default({ thresholdsMinutes: [15, 5], pollSeconds: 60, announceChanges: true }),
    storage: storage.default({ path: './data/timekpr-bot.sqlite' }),
    asks: asks.default({ enabled: true, cooldownMinutes: 10, expireMinutes: 30 }),
    offline: offline.default({ keepChanges: true, retrySeconds: 60 }),
    reports: reports.default({ weekly: { day: 'sun', time: '19:00' } }),
    profiles: profiles.optional(),
  })
  .superRefine((config, ctx) => {
    // A Telegram user is a parent, or one child, never both: the role decides what they may do.
    const childOf = new Map<number, string>();
    for (const [childId, { telegram: userIds }] of Object.entries(config.children)) {
      userIds.forEach((userId, index) => {
        const path = ['children', childId, 'telegram', index];
        if (config.telegram.parents.includes(userId)) ctx.addIssue({ code: 'custom', path, message: `${userId} is a parent (telegram.parents), not a child` });
        const other = childOf.get(userId);
        if (other !== undefined && other !== childId) ctx.addIssue({ code: 'custom', path, message: `${userId} already belongs to child "${other}"` });
        childOf.set(userId, childId);
      });
    }
    const owners = new Map<string, string>();
    for (const [childId, { accounts }] of Object.entries(config.children)) {
      for (const [machineId, login] of Object.entries(accounts)) {
        const path = ['children', childId, 'accounts', machineId];
        if (!Object.hasOwn(config.machines, machineId)) {
          ctx.addIssue({ code: 'custom', path, message: `no machine "${machineId}" is defined under machines` });
          continue;
        }
        const owner = owners.get(`${machineId}/${login}`);
        if (owner !== undefined) {
          ctx.addIssue({ code: 'custom', path, message: `login "${login}" on ${machineId} already belongs to child "${owner}"` });
        }
        owners.set(`${machineId}/${login}`, childId);
      }
    }
    checkProfiles(config, ctx);
  });

type ParsedFile = z.output<z.ZodObject<{ children: z.ZodRecord<z.ZodString, typeof child>; profiles: z.ZodOptional<typeof profiles> }>>;

/** Profiles: short names, children that exist, at least one rule each; a child's starting profile exists and covers her. */
function checkProfiles(config: ParsedFile, ctx: z.core.$RefinementCtx): void {
  const defined = profileEntries(config.profiles ?? {});
  for (const [profileId, profile] of defined) {
    const path = ['profiles', profileId];
    if (!ID_PATTERN.test(profileId)) ctx.addIssue({ code: 'custom', path, message: `profile name ${idError}` });
    if (!setsAnything(profile.rules)) ctx.addIssue({ code: 'custom', path, message: 'sets no rules: give at least one of days, limit, weekdays, weekend, hours, week, month, lockout or playtime' });
    if (profile.children === 'all') continue;
    profile.children.forEach((childId, index) => {
      if (!Object.hasOwn(config.children, childId)) ctx.addIssue({ code: 'custom', path: [...path, 'children', index], message: `no child "${childId}" is defined under children` });
    });
  }
  for (const [childId, { profile: profileId }] of Object.entries(config.children)) {
    if (profileId === undefined) continue;
    const path = ['children', childId, 'profile'];
    const profile = defined.get(profileId);
    if (profile === undefined) {
      const names = [...defined.keys()];
      ctx.addIssue({ code: 'custom', path, message: `no profile "${profileId}" is defined under profiles${names.length === 0 ? '' : ` (there are: ${names.join(', ')})`}` });
    } else if (profile.children !== 'all' && !profile.children.includes(childId)) {
      ctx.addIssue({ code: 'custom', path, message: `profile "${profileId}" is not for ${childId}: add ${childId} to its children` });
    }
  }
}

/** The profiles of the `profiles:` section, without the setting beside them. */
export function profileEntries<T>(section: Readonly<Record<string, T | boolean>>): Map<string, T> {
  return new Map(Object.entries(section).filter((entry): entry is [string, T] => entry[0] !== REPORT_DIFFERENCES_KEY && typeof entry[1] !== 'boolean'));
}

export type ConfigFile = z.infer<typeof configFileSchema>;
