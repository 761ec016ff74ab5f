import type { ChildConfig, Config, ProfileConfig } from '../config/types.ts';
import { localDay } from '../lib/local-days.ts';
import { err, ok, type Result } from '../lib/result.ts';
import type { MachineFailure } from '../timekpr/client.ts';
import type { Rules } from '../timekpr/rules.ts';
import type { Actor, UpdateRef } from './apply.ts';
import type { NoAccount } from './change-time.ts';
import type { Chats } from './chats.ts';
import { differenceKey, profileEdit, standingOf, type ProfileStanding, type RuleDifference } from './profile-rules.ts';
import { isEditProblem, type EditProblem } from './rules-edit.ts';
import { parseStoredSettings } from './rules-stored.ts';
import { changeChildRules, changeRulesOfChildren, readChildRules, type ChildrenRulesOutcome, type RulesDependencies, type RulesOutcome } from './rules.ts';

/**
 * Profiles in the family's life: which one a child follows (the parents' latest choice, else the config's), switching
 * (every computer of each child, only what differs, kept for computers that are off, one Undo), and where a computer
 * differs from its child's profile: `[Apply]` makes it follow again, `[Keep]` accepts it as it is.
 */

/** The profile a child follows: the parents' latest choice while it still exists and is for her, else the config's. */
export function followedProfile(config: Config, store: RulesDependencies['store'], childId: string): ProfileConfig | undefined {
  return profileFollowed(config, store.profiles.current(childId)?.profileId, childId);
}

/** {@link followedProfile} from the profile parents chose last (undefined: none chosen). Pure. */
export function profileFollowed(config: Config, chosenProfileId: string | undefined, childId: string): ProfileConfig | undefined {
  const profile = chosenProfileId === undefined ? undefined : config.profiles.byId.get(chosenProfileId);
  if (profile?.childIds.includes(childId) === true) return profile;
  const configured = config.children.get(childId)?.profile;
  return configured === undefined ? undefined : config.profiles.byId.get(configured);
}

/** Why a switch is not made. */
export type SwitchProblem =
  | { readonly kind: 'unknown-profile'; readonly profileId: string }
  /** The profile is not for this child (`children:` of the profile). */
  | { readonly kind: 'profile-not-for-child'; readonly profileId: string; readonly childId: string };

export type SwitchOutcome = { readonly kind: 'switched'; readonly profile: ProfileConfig; readonly outcome: ChildrenRulesOutcome };

/**
 * Switches children to a profile (`childIds`: the ones named, or every child it is for when undefined): on every
 * computer of each, only what differs is written, kept for computers that are off; the choice is stored (one Undo
 * takes the rules and the choice back).
 */
export async function switchProfile(
  deps: RulesDependencies,
  actor: Actor,
  update: UpdateRef,
  profileId: string,
  childIds: readonly string[] | undefined,
  chatId: number,
): Promise<Result<SwitchOutcome, SwitchProblem>> {
  const profile = deps.config.profiles.byId.get(profileId);
  if (profile === undefined) return err({ kind: 'unknown-profile', profileId });
  const children = childIds ?? profile.childIds;
  const stranger = children.find((childId) => !profile.childIds.includes(childId));
  if (stranger !== undefined) return err({ kind: 'profile-not-for-child', profileId, childId: stranger });
  const edit = profileEdit(profile);
  const requests = children.flatMap((childId) => {
    const child = deps.config.children.get(childId);
    return child === undefined ? [] : [{ childId, machineIds: [...child.accounts.keys()], edit }];
  });
  const outcome = await changeRulesOfChildren(deps, actor, update, requests, chatId, { keepUnreached: true });
  if (outcome.kind === 'done') {
    const at = (deps.now ?? Date.now)();
    for (const { childId } of requests) deps.store.profiles.choose({ at, childId, profileId, updateId: update.updateId, byId: actor.id, byName: actor.name });
    deps.logger.info({ action: 'profile', profile: profileId, children: requests.map((request) => request.childId), user: actor.id }, 'profile switched');
  }
  return ok({ kind: 'switched', profile, outcome });
}

/** `[Apply "School"]`: one computer of a child made to follow her profile again (only what differs). */
export async function applyFollowedProfile(
  deps: RulesDependencies,
  actor: Actor,
  update: UpdateRef,
  childId: string,
  machineId: string,
  chatId: number,
): Promise<Result<{ readonly profile: ProfileConfig; readonly outcome: RulesOutcome }, 'no-profile'>> {
  const profile = followedProfile(deps.config, deps.store, childId);
  if (profile === undefined) return err('no-profile');
  const outcome = await changeChildRules(deps, actor, update, { childId, machineIds: [machineId], edit: profileEdit(profile) }, chatId, { keepUnreached: true });
  return ok({ profile, outcome });
}

/** `[Keep]`: the computer's rules as they are now are what the bot expects there (its differences are not new any more). */
export async function keepDifferences(
  deps: Pick<RulesDependencies, 'client' | 'config' | 'store' | 'now'>,
  childId: string,
  machineId: string,
): Promise<Result<Rules, MachineFailure | NoAccount>> {
  const [read] = await readChildRules(deps, childId, [machineId]);
  if (read === undefined || !read.rules.ok) return read?.rules ?? err({ kind: 'no-account', childId, machineId });
  deps.store.profiles.setExpected(childId, machineId, JSON.stringify(read.rules.value.settings), (deps.now ?? Date.now)());
  return read.rules;
}

/** How one computer stands against the child's profile: differences, or why they cannot be told. */
export interface MachineStanding {
  readonly machineId: string;
  readonly standing: Result<ProfileStanding, EditProblem | MachineFailure | NoAccount>;
  /** A rules change is still waiting for this computer (kept while it was off). */
  readonly waiting: boolean;
}

/** A child's computers against the profile she follows, from rules read already. Undefined when she follows none. */
export function childStanding(
  deps: Pick<RulesDependencies, 'config' | 'store'>,
  child: ChildConfig,
  reads: readonly { readonly machineId: string; readonly rules: Result<Rules, MachineFailure | NoAccount> }[],
): { readonly profile: ProfileConfig; readonly machines: readonly MachineStanding[] } | undefined {
  const profile = followedProfile(deps.config, deps.store, child.id);
  if (profile === undefined) return undefined;
  const edit = profileEdit(profile);
  const waitingFor = new Set(deps.store.kept.waiting().filter((kept) => kept.childId === child.id && kept.kind === 'rules').map((kept) => kept.machineId));
  const machines = reads.map(({ machineId, rules }): MachineStanding => {
    const waiting = waitingFor.has(machineId);
    if (!rules.ok) return { machineId, standing: rules, waiting };
    const expected = parseStoredSettings(deps.store.profiles.expected(child.id, machineId));
    return { machineId, standing: standingOf(rules.value, expected, edit), waiting };
  });
  return { profile, machines };
}

export interface DifferencesDependencies extends RulesDependencies {
  readonly chats: Chats;
}

/**
 * Compares computers with their children's profiles (`machineId`: only that one) and tells the parents of differences
 * not reported before, once each (a difference that goes away and comes back is new again). Returns how many
 * computers had new ones, and the computers that could not be read (compared at their next answer).
 */
export async function reportNewDifferences(deps: DifferencesDependencies, machineId?: string): Promise<{ readonly reported: number; readonly unread: readonly string[] }> {
  let reported = 0;
  const unread = new Set<string>();
  const now = (deps.now ?? Date.now)();
  for (const child of deps.config.children.values()) {
    if (followedProfile(deps.config, deps.store, child.id) === undefined) continue;
    const machineIds = [...child.accounts.keys()].filter((id) => machineId === undefined || id === machineId);
    if (machineIds.length === 0) continue;
    const reads = await readChildRules(deps, child.id, machineIds);
    const standing = childStanding(deps, child, reads);
    if (standing === undefined) continue;
    for (const machine of standing.machines) {
      if (!machine.standing.ok) {
        // Not read (compared at its next answer); a profile that does not fit there is shown by /rules and check.
        if (!isEditProblem(machine.standing.error)) unread.add(machine.machineId);
        continue;
      }
      const differences: readonly RuleDifference[] = machine.standing.value.unexplained;
      const fresh = deps.store.profiles.takeNewDifferences(child.id, machine.machineId, differences.map(differenceKey), now);
      if (fresh.length === 0) continue;
      reported += 1;
      deps.logger.info({ child: child.id, machine: machine.machineId, profile: standing.profile.id, differences: differences.length }, 'computer differs from its profile');
      await deps.chats.tell({ kind: 'profile-differences', childId: child.id, machineId: machine.machineId, profileId: standing.profile.id, differences, waiting: machine.waiting });
    }
  }
  return { reported, unread: [...unread] };
}

/** Compares each computer with its children's profiles once a day; see {@link watchDifferences}. */
export interface DifferenceWatch {
  /** A computer answered: compared now, if it was not yet today. */
  readonly onAnswer: (machineId: string) => void;
  /** Compares every computer not compared yet today (at start, and then now and then for those that were off). */
  readonly compareAll: () => Promise<void>;
  /** No compare starts any more; resolves when the running ones have ended. */
  readonly stop: () => Promise<void>;
}

/**
 * Compares each computer with its children's profiles once a day: at start, and then at its first answer of each day
 * (children's computers are often off at midnight), after its ended exceptions were put back (`beforeCompare`), so an
 * exception is never mistaken for a difference. A computer that could not be read is compared at its next answer.
 */
export function watchDifferences(deps: DifferencesDependencies, beforeCompare?: (machineId: string) => Promise<unknown>): DifferenceWatch {
  const now = deps.now ?? Date.now;
  const compared = new Map<string, string>();
  const running = new Set<Promise<void>>();
  let stopped = false;
  const watched = new Set([...deps.config.children.values()].flatMap((child) => [...child.accounts.keys()]));

  const compare = async (machineId: string): Promise<void> => {
    const day = localDay(now());
    if (stopped || !watched.has(machineId) || compared.get(machineId) === day) return;
    // Marked first: the compare's own reads are answers too.
    compared.set(machineId, day);
    await beforeCompare?.(machineId);
    const { unread } = await reportNewDifferences(deps, machineId);
    if (unread.includes(machineId)) compared.delete(machineId);
  };
  const track = (machineId: string): Promise<void> => {
    const run = compare(machineId).catch((error: unknown) => {
      compared.delete(machineId);
      deps.logger.error({ machine: machineId, err: error }, 'profile differences: compare failed');
    });
    running.add(run);
    void run.finally(() => running.delete(run));
    return run;
  };
  return {
    onAnswer: (machineId) => void track(machineId),
    async compareAll() {
      await Promise.all([...watched].map(track));
    },
    async stop() {
      stopped = true;
      await Promise.all(running);
    },
  };
}
