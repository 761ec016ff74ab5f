/** The message of a thrown value, for one log field or one line to a parent (never a stack trace). */
export function messageOf(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}
