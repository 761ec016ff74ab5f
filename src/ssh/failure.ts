/** The machine could not be reached at all (as when it is switched off), as opposed to answering wrongly. */
export function neverReached(failure: { readonly kind: string; readonly phase?: string }): boolean {
  return failure.kind === 'unreachable' || (failure.kind === 'timeout' && failure.phase === 'connect');
}

/** Why a machine could not run a command. `commandSent` tells whether the command may have run anyway. */
export type SshFailure =
  | { readonly kind: 'timeout'; readonly phase: 'connect' | 'command'; readonly afterMs: number; readonly commandSent: boolean }
  | { readonly kind: 'unreachable'; readonly reason: string }
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
