import type { MachineConfig } from '../config/types.ts';
import { err, ok, type Result } from '../lib/result.ts';
import { appendKnownHostsLine, formatKnownHostsLine } from '../ssh/known-hosts.ts';
import { keyTypeOf } from '../ssh/keys.ts';
import type { MachineReport } from './probe.ts';

/** A host key that was not known and is now trusted. */
export interface TrustedKey {
  readonly machine: MachineConfig;
  readonly keyType: string;
  readonly fingerprint: string;
  readonly file: string;
}

/**
 * Appends the offered host key of every machine whose key was unknown to that machine's known_hosts file (created
 * if missing). A changed or revoked key is never touched: that needs a person to look.
 */
export async function trustUnknownHostKeys(reports: readonly MachineReport[]): Promise<Result<TrustedKey[], string>> {
  const trusted: TrustedKey[] = [];
  const written = new Set<string>();
  for (const report of reports) {
    if (report.status.ok || report.status.error.kind !== 'host-key-unknown') continue;
    const { keyBlob, fingerprint, knownHostsFile } = report.status.error;
    const line = formatKnownHostsLine(report.machine.host, report.machine.port, keyBlob);
    if (!written.has(`${knownHostsFile}\n${line}`)) {
      try {
        await appendKnownHostsLine(knownHostsFile, line);
      } catch (cause) {
        const code = (cause as NodeJS.ErrnoException).code ?? String(cause);
        return err(`cannot add the key of ${report.machine.id} to ${knownHostsFile} (${code}); nothing else was changed after it`);
      }
      written.add(`${knownHostsFile}\n${line}`);
    }
    trusted.push({ machine: report.machine, keyType: keyTypeOf(keyBlob) ?? 'unknown', fingerprint, file: knownHostsFile });
  }
  return ok(trusted);
}
