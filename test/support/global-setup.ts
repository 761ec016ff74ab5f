import { execFile } from 'node:child_process';
import path from 'node:path';
import { promisify } from 'node:util';
import type { TestProject } from 'vitest/node';
import { buildBundles } from '../../scripts/build.ts';

const run = promisify(execFile);
const HOST_SH = path.resolve(import.meta.dirname, '../host/host.sh');

declare module 'vitest' {
  export interface ProvidedContext {
    /** Path of the env file written by `test/host/host.sh up`. */
    hostEnvFile: string;
  }
}

/**
 * Builds the bundles the tests start (dist/, as `npm start` and `npm run check` run them) from the current sources,
 * and brings up the real test host (sshd + Timekpr-nExT + logind stand-in) for the integration tests, or reuses one
 * that is already up. Never skips: without a host the tests fail, telling how to start it.
 */
export default async function setup(project: TestProject): Promise<() => Promise<void>> {
  await buildBundles();
  const status = await run('bash', [HOST_SH, 'status']).then(
    () => 'up' as const,
    () => 'down' as const,
  );
  if (status === 'down' && process.getuid?.() !== 0) {
    throw new Error(
      'The integration tests need the real test host, which must be started as root once:\n' +
        `  sudo bash ${HOST_SH} install && sudo bash ${HOST_SH} up`,
    );
  }
  const { stdout } = await run('bash', [HOST_SH, 'up'], { timeout: 120_000 });
  const envFile = stdout.trim().split('\n').at(-1) ?? '';
  project.provide('hostEnvFile', envFile);
  return async () => {
    // Only what this run started is stopped; a host a developer brought up stays up.
    if (status === 'down') await run('bash', [HOST_SH, 'down']);
  };
}
