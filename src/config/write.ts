import { isMap, isScalar, isSeq, parseDocument, type Document } from 'yaml';
import { err, ok, type Result } from '../lib/result.ts';
import { parseConfigText } from './load.ts';
import type { ConfigError } from './types.ts';

/**
 * Changes of the config file made by the bot itself (setup from the chat): each is made on the YAML document, so the
 * parent's own comments, order and style stay as they were, and the result is validated before it is given back: a
 * change that would leave the file invalid is refused with the problems, and nothing is written. Never a secret: the
 * edits carry ids, names, hosts and logins only. Pure (text in, text out).
 */
export type ConfigEdit =
  | { readonly kind: 'add-parent'; readonly userId: number }
  | { readonly kind: 'remove-parent'; readonly userId: number }
  | { readonly kind: 'add-chat'; readonly chatId: number }
  /** `ownKeyFile`: the bot's own key, written for this computer only when the file names no `ssh.privateKeyFile`. */
  | { readonly kind: 'add-machine'; readonly machineId: string; readonly host: string; readonly port?: number | undefined; readonly ownKeyFile?: string | undefined }
  | { readonly kind: 'remove-machine'; readonly machineId: string }
  | { readonly kind: 'add-child'; readonly childId: string; readonly name: string; readonly accounts: Readonly<Record<string, string>> }
  | { readonly kind: 'add-account'; readonly childId: string; readonly machineId: string; readonly login: string }
  | { readonly kind: 'rename-child'; readonly childId: string; readonly name: string };

/** Why an edit was not made. */
export type ConfigEditProblem =
  /** The file is not YAML the bot can edit (its own load says where). */
  | { readonly kind: 'unreadable'; readonly errors: readonly ConfigError[] }
  /** What the edit names is not there (`what`: `parent`, `machine` or `child`), or is there already. */
  | { readonly kind: 'missing'; readonly what: 'parent' | 'machine' | 'child'; readonly id: string }
  | { readonly kind: 'exists'; readonly what: 'parent' | 'chat' | 'machine' | 'child' | 'account'; readonly id: string }
  /** The last parent is never removed: nobody could use the bot any more. */
  | { readonly kind: 'last-parent' }
  /** The file would not validate after the edit (a computer still used by a child, a bad host…). */
  | { readonly kind: 'invalid'; readonly errors: readonly ConfigError[] };

/** How the bot writes YAML: flow lists as people write them (`[1, 2]`), lines not folded. */
const OUTPUT = { flowCollectionPadding: false, lineWidth: 0 } as const;

/** `text` with `edit` made, validated; or why not. `fileName` only names the file in problems. */
export function editConfigText(text: string, edit: ConfigEdit, fileName = 'config.yaml'): Result<string, ConfigEditProblem> {
  const doc = parseDocument(text, { uniqueKeys: true });
  if (doc.errors.length > 0 || !isMap(doc.contents)) {
    const parsed = parseConfigText(text, fileName);
    return err({ kind: 'unreadable', errors: parsed.ok ? [{ file: fileName, line: undefined, path: [], message: 'is not a map of settings' }] : parsed.error });
  }
  const made = apply(doc, edit);
  if (!made.ok) return made;
  const written = doc.toString(OUTPUT);
  const checked = parseConfigText(written, fileName);
  return checked.ok ? ok(written) : err({ kind: 'invalid', errors: checked.error });
}

function apply(doc: Document, edit: ConfigEdit): Result<void, ConfigEditProblem> {
  switch (edit.kind) {
    case 'add-parent':
      return addToList(doc, ['telegram', 'parents'], edit.userId, 'parent');
    case 'remove-parent': {
      const parents = listOf(doc, ['telegram', 'parents']);
      const index = parents.indexOf(edit.userId);
      if (index === -1) return err({ kind: 'missing', what: 'parent', id: String(edit.userId) });
      if (parents.length === 1) return err({ kind: 'last-parent' });
      doc.deleteIn(['telegram', 'parents', index]);
      return ok(undefined);
    }
    case 'add-chat':
      return addToList(doc, ['telegram', 'chats'], edit.chatId, 'chat');
    case 'add-machine': {
      if (doc.hasIn(['machines', edit.machineId])) return err({ kind: 'exists', what: 'machine', id: edit.machineId });
      const machine = {
        host: edit.host,
        ...(edit.port === undefined || edit.port === 22 ? {} : { port: edit.port }),
        ...(edit.ownKeyFile === undefined || doc.hasIn(['ssh', 'privateKeyFile']) ? {} : { privateKeyFile: edit.ownKeyFile }),
      };
      asBlock(doc, 'machines');
      doc.setIn(['machines', edit.machineId], doc.createNode(machine));
      return ok(undefined);
    }
    case 'remove-machine': {
      if (!doc.hasIn(['machines', edit.machineId])) return err({ kind: 'missing', what: 'machine', id: edit.machineId });
      doc.deleteIn(['machines', edit.machineId]);
      // Its logins go with it; a child keeps her name and rules, with her other computers or none.
      const children: unknown = doc.get('children', true);
      if (isMap(children)) {
        for (const pair of children.items) {
          const childId = isScalar(pair.key) ? pair.key.value : undefined;
          if (typeof childId === 'string' && doc.hasIn(['children', childId, 'accounts', edit.machineId])) doc.deleteIn(['children', childId, 'accounts', edit.machineId]);
        }
      }
      return ok(undefined);
    }
    case 'add-child': {
      if (doc.hasIn(['children', edit.childId])) return err({ kind: 'exists', what: 'child', id: edit.childId });
      asBlock(doc, 'children');
      doc.setIn(['children', edit.childId], doc.createNode({ name: edit.name, accounts: { ...edit.accounts } }));
      return ok(undefined);
    }
    case 'add-account': {
      if (!doc.hasIn(['children', edit.childId])) return err({ kind: 'missing', what: 'child', id: edit.childId });
      if (doc.hasIn(['children', edit.childId, 'accounts', edit.machineId])) return err({ kind: 'exists', what: 'account', id: `${edit.childId}/${edit.machineId}` });
      doc.setIn(['children', edit.childId, 'accounts', edit.machineId], edit.login);
      return ok(undefined);
    }
    case 'rename-child':
      if (!doc.hasIn(['children', edit.childId])) return err({ kind: 'missing', what: 'child', id: edit.childId });
      doc.setIn(['children', edit.childId, 'name'], edit.name);
      return ok(undefined);
  }
}

/** A section written `{}` (empty, as the first config has it) gets its entries one per line, as people write them. */
function asBlock(doc: Document, section: string): void {
  const node: unknown = doc.get(section, true);
  if (isMap(node) && node.items.length === 0) node.flow = false;
}

/** The numbers of a list setting (empty when it is not there). */
function listOf(doc: Document, path: readonly string[]): number[] {
  const node: unknown = doc.getIn(path);
  return isSeq(node) ? node.items.map((item) => Number(typeof item === 'object' && item !== null && 'value' in item ? item.value : item)) : [];
}

function addToList(doc: Document, path: readonly string[], value: number, what: 'parent' | 'chat'): Result<void, ConfigEditProblem> {
  if (listOf(doc, path).includes(value)) return err({ kind: 'exists', what, id: String(value) });
  if (doc.hasIn(path)) doc.addIn(path, value);
  else doc.setIn(path, doc.createNode([value], { flow: true }));
  return ok(undefined);
}
