import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    projects: [
      {
        test: {
          name: 'unit',
          include: ['test/unit/**/*.test.ts'],
        },
      },
      {
        test: {
          name: 'integration',
          include: ['test/integration/**/*.test.ts'],
          // Starts the real sshd + Timekpr-nExT test host (test/host/host.sh) unless it is already up.
          globalSetup: ['test/support/global-setup.ts'],
          // One real daemon is shared: files run one after another so they do not change each other's children.
          fileParallelism: false,
          testTimeout: 60_000,
          hookTimeout: 90_000,
        },
      },
    ],
  },
});
