import { Socket } from 'node:net';
import ssh2 from 'ssh2';
import { messageOf } from '../lib/errors.ts';
import type { SshFailure } from './failure.ts';
import { fingerprintOf, keyTypeOf } from './keys.ts';
import { hostKeyAlgorithmsFor } from './known-hosts.ts';

/** A computer being added from the chat, and the bot's own key that its setup script should have installed there. */
export interface FirstContactTarget {
  readonly host: string;
  readonly port: number;
  readonly user: string;
  /** The bot's private key (unencrypted), the one whose public half the setup script installs. */
  readonly privateKey: Buffer;
  /** The whole probe: connecting, key exchange and the one login attempt (ssh2's `readyTimeout`). */
  readonly timeoutMs: number;
}

/** The host key a computer offered, not yet trusted: shown to the parent, who compares it on the computer. */
export interface HostKeySeen {
  /** The key type named in the blob: `ssh-ed25519`, `ecdsa-sha2-nistp256`, `ssh-rsa`, … */
  readonly keyType: string;
  readonly keyBlob: Buffer;
  /** `SHA256:…` as `ssh-keygen -lf` prints it. */
  readonly fingerprint: string;
}

/** Why a computer could not be probed: the connection failures of `SshFailure` (the probe never gets further). */
export type FirstContactFailure = Extract<SshFailure, { readonly kind: 'host-not-found' | 'unreachable' | 'timeout' | 'ssh-error' }>;

/** What a first contact found out. */
export type FirstContact =
  /** Logging in with the bot's key succeeded (and was ended at once). */
  | { readonly kind: 'key-accepted'; readonly hostKey: HostKeySeen }
  /** sshd answered, but does not (yet) accept the bot's key for this user. */
  | { readonly kind: 'key-refused'; readonly hostKey: HostKeySeen }
  | { readonly kind: 'unreachable'; readonly failure: FirstContactFailure };

/** How long a connection that was ended politely may take to close before its socket is destroyed. */
const CLOSE_GRACE_MS = 1000;
/** Beyond `timeoutMs`, how long before the probe gives up on ssh2 itself (a backstop; ssh2's timeout comes first). */
const BACKSTOP_MS = 2000;

/**
 * Probes a computer being added, before its host key is trusted: records the host key it offers (accepted for this
 * probe only) and tries to log in with the bot's key, publickey only (no password, keyboard-interactive or agent).
 * Nothing is run: no exec, shell or forwarding; the connection is ended right after the login's answer. Never
 * rejects, and its socket is closed by the time it resolves.
 *
 * Host key algorithms are asked for in the order ssh-ed25519, ECDSA, RSA, so the fingerprint shown is usually that of
 * `/etc/ssh/ssh_host_ed25519_key.pub` on the computer (see `hostKeyFileHint`).
 *
 * A server that accepts the key only as a first step (`AuthenticationMethods publickey,password`) reads as
 * key-refused: the bot cannot log in with its key alone.
 */
export function firstContact(target: FirstContactTarget): Promise<FirstContact> {
  const key = ssh2.utils.parseKey(target.privateKey);
  if (key instanceof Error || !key.isPrivateKey()) {
    const why = key instanceof Error ? key.message : 'it is a public key';
    return Promise.resolve({ kind: 'unreachable', failure: { kind: 'ssh-error', message: `the bot's private key cannot be used: ${why}` } });
  }
  return new Promise((resolve) => {
    const client = new ssh2.Client();
    const socket = new Socket();
    let hostKey: HostKeySeen | undefined;
    let outcome: FirstContact | undefined;
    let closed = false;
    let grace: NodeJS.Timeout | undefined;

    const settle = () => {
      if (outcome === undefined || !closed) return;
      clearTimeout(grace);
      clearTimeout(backstop);
      resolve(outcome);
    };
    /** Decides the outcome once; `polite` ends the connection with a disconnect message, otherwise it is cut. */
    const decide = (result: FirstContact, polite: boolean) => {
      if (outcome !== undefined) return;
      outcome = result;
      if (polite && !socket.destroyed) {
        client.end();
        grace = setTimeout(() => socket.destroy(), CLOSE_GRACE_MS);
      } else {
        socket.destroy();
      }
      settle();
    };
    const timeout = (): FirstContact => ({
      kind: 'unreachable',
      failure: { kind: 'timeout', phase: 'connect', afterMs: target.timeoutMs, commandSent: false },
    });
    const backstop = setTimeout(() => {
      decide(timeout(), false);
      closed = true;
      settle();
    }, target.timeoutMs + BACKSTOP_MS);

    socket.once('close', () => {
      closed = true;
      decide({ kind: 'unreachable', failure: { kind: 'unreachable', reason: 'the connection was closed during login' } }, false);
      settle();
    });
    client.once('ready', () => {
      decide(hostKey === undefined ? noHostKey() : { kind: 'key-accepted', hostKey }, true);
    });
    client.on('error', (error: Error & { level?: string; code?: string }) => {
      if (error.level === 'client-authentication' && hostKey !== undefined) {
        decide({ kind: 'key-refused', hostKey }, true);
        return;
      }
      decide(error.level === 'client-timeout' ? timeout() : { kind: 'unreachable', failure: classify(error, target) }, false);
    });

    const publickey: ssh2.PublicKeyAuthMethod = { type: 'publickey', username: target.user, key };
    try {
      socket.connect({ host: target.host, port: target.port });
      client.connect({
        sock: socket,
        username: target.user,
        // Only this one method: ssh2 would otherwise try `none` first, and a password or agent if it had one.
        authHandler: [publickey],
        tryKeyboard: false,
        readyTimeout: target.timeoutMs,
        algorithms: { serverHostKey: hostKeyAlgorithmsFor([]) as ssh2.ServerHostKeyAlgorithm[] },
        hostVerifier: (offered: Buffer) => {
          const keyBlob = Buffer.from(offered);
          hostKey = { keyType: keyTypeOf(keyBlob) ?? 'unknown', keyBlob, fingerprint: fingerprintOf(keyBlob) };
          // Accepted for this probe only: nothing is run on this connection, and nothing is stored here.
          return true;
        },
      });
    } catch (cause) {
      decide({ kind: 'unreachable', failure: { kind: 'ssh-error', message: messageOf(cause) } }, false);
    }
  });
}

/** The file on the computer holding its host key of this type, for `ssh-keygen -lf <file>` there. Pure. */
export function hostKeyFileHint(keyType: string): string {
  if (keyType === 'ssh-ed25519') return '/etc/ssh/ssh_host_ed25519_key.pub';
  if (keyType.startsWith('ecdsa-sha2-')) return '/etc/ssh/ssh_host_ecdsa_key.pub';
  if (keyType === 'ssh-rsa' || keyType.startsWith('rsa-sha2-')) return '/etc/ssh/ssh_host_rsa_key.pub';
  if (keyType === 'ssh-dss') return '/etc/ssh/ssh_host_dsa_key.pub';
  return '/etc/ssh/ssh_host_*_key.pub';
}

/** ssh2 logged in without asking for a host key: cannot happen with SSH-2, handled so the outcome stays honest. */
function noHostKey(): FirstContact {
  return { kind: 'unreachable', failure: { kind: 'ssh-error', message: 'the computer offered no host key' } };
}

function classify(error: Error & { code?: string }, { host, timeoutMs }: FirstContactTarget): FirstContactFailure {
  // ssh2 gives this one no code: the computer closed the connection before SSH began (sshd starting or stopping, or
  // its MaxStartups dropping new connections).
  if (error.message === 'Connection lost before handshake') return { kind: 'unreachable', reason: 'the connection was closed before SSH began' };
  switch (error.code) {
    case 'ECONNREFUSED':
      return { kind: 'unreachable', reason: 'connection refused' };
    case 'ENOTFOUND':
      return { kind: 'host-not-found', host };
    case 'EAI_AGAIN':
      return { kind: 'unreachable', reason: `host name ${host} could not be looked up just now` };
    case 'EHOSTUNREACH':
    case 'ENETUNREACH':
      return { kind: 'unreachable', reason: 'no route to it' };
    case 'ETIMEDOUT':
      return { kind: 'timeout', phase: 'connect', afterMs: timeoutMs, commandSent: false };
    case 'ECONNRESET':
      return { kind: 'unreachable', reason: 'the connection was reset' };
    default:
      return { kind: 'ssh-error', message: error.message };
  }
}
