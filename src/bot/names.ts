import type { ChildConfig, Config } from '../config/types.ts';
import { err, ok, type Result } from '../lib/result.ts';

/** Finds a child by id or display name, ignoring case. The error lists the valid names. Pure. */
export function findChild(config: Config, name: string): Result<ChildConfig, string> {
  const wanted = name.trim().toLowerCase();
  for (const child of config.children.values()) {
    if (child.id.toLowerCase() === wanted || child.name.toLowerCase() === wanted) return ok(child);
  }
  const valid = [...config.children.values()].map((child) => child.name).join(', ');
  return err(`I don't know a child called "${name}". Children: ${valid}.`);
}

/** Finds one of the child's machines by id, ignoring case. The error lists the child's machines. Pure. */
export function findMachineOf(child: ChildConfig, name: string): Result<string, string> {
  const wanted = name.trim().toLowerCase();
  const machineId = [...child.accounts.keys()].find((id) => id.toLowerCase() === wanted);
  if (machineId !== undefined) return ok(machineId);
  return err(`${child.name} has no computer called "${name}". ${child.name}'s computers: ${[...child.accounts.keys()].join(', ')}.`);
}
