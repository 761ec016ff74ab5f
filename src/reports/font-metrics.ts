import { err, ok, type Result } from '../lib/result.ts';

/** How wide text is in one TrueType font: the advance width of each character, without kerning. */
export interface FontMetrics {
  /** The width of `text` at `fontSizePx`, in pixels. */
  readonly width: (text: string, fontSizePx: number) => number;
}

/**
 * Reads a TrueType font's advance widths (tables head, hhea, hmtx and a Unicode cmap of format 4 or 12). Characters
 * the font lacks measure as its missing-glyph box, as a renderer draws them. Pure.
 */
export function readFontMetrics(font: Uint8Array): Result<FontMetrics, string> {
  try {
    const data = new DataView(font.buffer, font.byteOffset, font.byteLength);
    const tables = tableOffsets(data);
    const head = need(tables, 'head');
    const hhea = need(tables, 'hhea');
    const hmtx = need(tables, 'hmtx');
    const unitsPerEm = data.getUint16(head + 18);
    const metricCount = data.getUint16(hhea + 34);
    if (unitsPerEm === 0 || metricCount === 0) return err('the font has no metrics');
    const glyphOf = cmapLookup(data, need(tables, 'cmap'));
    const advanceOf = (glyph: number): number => data.getUint16(hmtx + 4 * Math.min(glyph, metricCount - 1));
    const cache = new Map<number, number>();
    const emOf = (codePoint: number): number => {
      let em = cache.get(codePoint);
      if (em === undefined) {
        em = advanceOf(glyphOf(codePoint)) / unitsPerEm;
        cache.set(codePoint, em);
      }
      return em;
    };
    return ok({
      width: (text, fontSizePx) => {
        let em = 0;
        for (const char of text) em += emOf(char.codePointAt(0) ?? 0);
        return em * fontSizePx;
      },
    });
  } catch (error) {
    return err(`not a TrueType font: ${error instanceof Error ? error.message : String(error)}`);
  }
}

function tableOffsets(data: DataView): Map<string, number> {
  const tables = new Map<string, number>();
  const count = data.getUint16(4);
  for (let index = 0; index < count; index += 1) {
    const record = 12 + 16 * index;
    const tag = String.fromCharCode(data.getUint8(record), data.getUint8(record + 1), data.getUint8(record + 2), data.getUint8(record + 3));
    tables.set(tag, data.getUint32(record + 8));
  }
  return tables;
}

function need(tables: Map<string, number>, tag: string): number {
  const offset = tables.get(tag);
  if (offset === undefined) throw new Error(`no ${tag} table`);
  return offset;
}

/** The code point → glyph function of the font's best Unicode cmap subtable: format 12 (full Unicode) or 4 (BMP). */
function cmapLookup(data: DataView, cmap: number): (codePoint: number) => number {
  const count = data.getUint16(cmap + 2);
  let format4: number | undefined;
  for (let index = 0; index < count; index += 1) {
    const record = cmap + 4 + 8 * index;
    const platform = data.getUint16(record);
    const encoding = data.getUint16(record + 2);
    const subtable = cmap + data.getUint32(record + 4);
    const format = data.getUint16(subtable);
    const unicode = platform === 0 || (platform === 3 && (encoding === 1 || encoding === 10));
    if (!unicode) continue;
    if (format === 12) return format12(data, subtable);
    if (format === 4) format4 ??= subtable;
  }
  if (format4 === undefined) throw new Error('no Unicode cmap of format 4 or 12');
  return format4Lookup(data, format4);
}

function format12(data: DataView, subtable: number): (codePoint: number) => number {
  const groups = data.getUint32(subtable + 12);
  return (codePoint) => {
    for (let index = 0; index < groups; index += 1) {
      const group = subtable + 16 + 12 * index;
      const start = data.getUint32(group);
      if (codePoint >= start && codePoint <= data.getUint32(group + 4)) return data.getUint32(group + 8) + codePoint - start;
    }
    return 0;
  };
}

function format4Lookup(data: DataView, subtable: number): (codePoint: number) => number {
  const segCountX2 = data.getUint16(subtable + 6);
  const ends = subtable + 14;
  const starts = ends + segCountX2 + 2;
  const deltas = starts + segCountX2;
  const rangeOffsets = deltas + segCountX2;
  return (codePoint) => {
    if (codePoint > 0xffff) return 0;
    for (let seg = 0; seg < segCountX2; seg += 2) {
      if (codePoint > data.getUint16(ends + seg)) continue;
      const start = data.getUint16(starts + seg);
      if (codePoint < start) return 0;
      const delta = data.getUint16(deltas + seg);
      const rangeOffset = data.getUint16(rangeOffsets + seg);
      if (rangeOffset === 0) return (codePoint + delta) & 0xffff;
      const glyph = data.getUint16(rangeOffsets + seg + rangeOffset + 2 * (codePoint - start));
      return glyph === 0 ? 0 : (glyph + delta) & 0xffff;
    }
    return 0;
  };
}
