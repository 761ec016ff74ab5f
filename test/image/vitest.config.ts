import path from 'node:path';
import { defineConfig } from 'vitest/config';

/**
 * The container image test, apart from `npm test` (it needs root, podman and a built image): run it with
 * `bash test/image/image.sh`, which builds the image first.
 */
export default defineConfig({
  test: {
    root: path.resolve(import.meta.dirname, '../..'),
    include: ['test/image/**/*.test.ts'],
    // Starts the real sshd + Timekpr-nExT test host (test/host/host.sh) unless it is already up.
    globalSetup: ['test/support/global-setup.ts'],
    fileParallelism: false,
    testTimeout: 60_000,
    hookTimeout: 120_000,
  },
});
