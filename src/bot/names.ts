import type { ChildConfig, Config } from '../config/types.ts';
import { err, ok, type Result } from '../lib/result.ts';
import { ALL_MACHINES } from './callback-data.ts';

/**
 * A name that matched nothing: the child, or one of the child's computers, as typed. Facts only; render/names.ts
 * says it in the reader's language (with the valid names from the config).
 */
export type NameProblem =
  | { readonly kind: 'unknown-child'; readonly name: string }
  | { readonly kind: 'unknown-machine'; readonly childId: string; readonly name: string };

/** Finds a child by id or display name, ignoring case. Pure. */
export function findChild(config: Config, name: string): Result<ChildConfig, NameProblem> {
  const wanted = name.trim().toLowerCase();
  for (const child of config.children.values()) {
    if (child.id.toLowerCase() === wanted || child.name.toLowerCase() === wanted) return ok(child);
  }
  return err({ kind: 'unknown-child', name });
}

/** Finds one of the child's machines by id, ignoring case. Pure. */
export function findMachineOf(child: ChildConfig, name: string): Result<string, NameProblem> {
  const wanted = name.trim().toLowerCase();
  const machineId = [...child.accounts.keys()].find((id) => id.toLowerCase() === wanted);
  if (machineId !== undefined) return ok(machineId);
  return err({ kind: 'unknown-machine', childId: child.id, name });
}

/** Why `mia desktop` (after /pause or /resume) names no child's computers: not one or two words, or a name. */
export type ChildTargetProblem = { readonly kind: 'usage' } | NameProblem;

/** `mia` or `mia desktop` → the child and the machine (`*`: all of theirs). Pure. */
export function parseChildTarget(config: Config, text: string): Result<{ child: ChildConfig; machine: string }, ChildTargetProblem> {
  const words = text.trim().split(/\s+/).filter((word) => word !== '');
  if (words.length === 0 || words.length > 2) return err({ kind: 'usage' });
  const child = findChild(config, words[0] ?? '');
  if (!child.ok) return child;
  if (words[1] === undefined) return ok({ child: child.value, machine: ALL_MACHINES });
  const machine = findMachineOf(child.value, words[1]);
  return machine.ok ? ok({ child: child.value, machine: machine.value }) : machine;
}
