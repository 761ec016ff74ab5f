/**
 * The machine could not be reached at all (as when it is switched off), as opposed to answering wrongly. A host name
 * that is not found does not count: for a computer never reached, that is a mistake in the config, not a computer
 * that is off (see `offIfSeenBefore` for one that was reached before).
 */
export function neverReached(failure: { readonly kind: string; readonly phase?: string }): boolean {
  return failure.kind === 'unreachable' || (failure.kind === 'timeout' && failure.phase === 'connect');
}

/** The configured host name was not found (getaddrinfo's "no such name", ENOTFOUND). */
export interface HostNotFound {
  readonly kind: 'host-not-found';
  /** The name as configured (`machines.<id>.host`). */
  readonly host: string;
}

/** The machine could not be reached; `reason` in a few plain words. */
export interface Unreachable {
  readonly kind: 'unreachable';
  readonly reason: string;
}

function isHostNotFound(failure: { readonly kind: string }): failure is HostNotFound {
  return failure.kind === 'host-not-found';
}

/**
 * A host name that is not found, of a computer reached before (`seenBefore`: it has a last-seen), reads as that
 * computer being off, not as a mistake in the config: mDNS `.local` names vanish while a computer sleeps. Any other
 * failure, or a computer never reached, stays as it is. Pure.
 */
export function offIfSeenBefore<F extends { readonly kind: string }>(failure: F, seenBefore: boolean): F | Unreachable {
  if (!seenBefore || !isHostNotFound(failure)) return failure;
  return { kind: 'unreachable', reason: `host name ${failure.host} not found` };
}

/** Why a machine could not run a command. `commandSent` tells whether the command may have run anyway. */
export type SshFailure =
  | { readonly kind: 'timeout'; readonly phase: 'connect' | 'command'; readonly afterMs: number; readonly commandSent: boolean }
  | Unreachable
  | HostNotFound
  | { readonly kind: 'auth'; readonly user: string; readonly methods: readonly ('key' | 'password')[] }
  | { readonly kind: 'host-key-unknown'; readonly keyBlob: Buffer; readonly fingerprint: string; readonly knownHostsFile: string }
  | {
      readonly kind: 'host-key-mismatch';
      readonly keyBlob: Buffer;
      readonly fingerprint: string;
      readonly knownHostsFile: string;
      readonly revoked: boolean;
    }
  | { readonly kind: 'connection-lost'; readonly commandSent: boolean }
  | { readonly kind: 'ssh-error'; readonly message: string };
