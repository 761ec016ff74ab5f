import { isMap, isNode, isPair, isScalar, type Document, type LineCounter } from 'yaml';

type Path = readonly (string | number)[];

/**
 * The 1-based line of the YAML node at `path`, or of its nearest existing ancestor when it is missing.
 * With `asKey`, the line of the last path element's key (for unknown keys).
 */
export function lineOf(doc: Document, lines: LineCounter, path: Path, asKey = false): number | undefined {
  for (let depth = path.length; depth >= 0; depth -= 1) {
    const offset = asKey && depth === path.length ? keyOffset(doc, path) : valueOffset(doc, path.slice(0, depth));
    if (offset !== undefined) return lines.linePos(offset).line;
  }
  return undefined;
}

export function hasPath(doc: Document, path: Path): boolean {
  return path.length === 0 || doc.hasIn(path);
}

function valueOffset(doc: Document, path: Path): number | undefined {
  const node: unknown = path.length === 0 ? doc.contents : doc.getIn(path, true);
  return isNode(node) && node.range ? node.range[0] : undefined;
}

function keyOffset(doc: Document, path: Path): number | undefined {
  const parent: unknown = path.length === 1 ? doc.contents : doc.getIn(path.slice(0, -1), true);
  if (!isMap(parent)) return undefined;
  const last = path[path.length - 1];
  const pair = parent.items.find((item) => isPair(item) && isScalar(item.key) && item.key.value === last);
  return pair && isScalar(pair.key) && pair.key.range ? pair.key.range[0] : undefined;
}
