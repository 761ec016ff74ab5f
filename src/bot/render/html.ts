/** Escapes text for Telegram's HTML parse mode. */
export function escapeHtml(text: string): string {
  return text.replaceAll('&', '&amp;').replaceAll('<', '&lt;').replaceAll('>', '&gt;');
}

/** A child's display name (HTML-escaped), or the id of one no longer in the config. */
export function childNameHtml(config: { readonly children: ReadonlyMap<string, { readonly name: string }> }, childId: string): string {
  return escapeHtml(config.children.get(childId)?.name ?? childId);
}
