import path from 'node:path';
import process from 'node:process';
import { parseArgs } from 'node:util';
import { environmentWithDotEnv } from './config/env.ts';
import { loadConfig } from './config/load.ts';
import { formatConfigError } from './config/types.ts';

/**
 * `npm start`. This version validates the setup; the Telegram bot itself is not part of it yet (see README), so it
 * says so and exits non-zero instead of pretending to run.
 */
async function main(argv: readonly string[]): Promise<number> {
  let configPath: string;
  try {
    configPath = parseArgs({ args: [...argv], options: { config: { type: 'string', default: 'config.yaml' } } }).values.config;
  } catch (cause) {
    process.stderr.write(`${cause instanceof Error ? cause.message : String(cause)}\nUsage: npm start -- [--config <file>]\n`);
    return 2;
  }
  const environment = await environmentWithDotEnv(path.resolve('.env'), process.env);
  if (!environment.ok) {
    process.stderr.write(`${environment.error}\n`);
    return 2;
  }
  const loaded = await loadConfig(configPath, environment.value);
  if (!loaded.ok) {
    for (const error of loaded.error) process.stderr.write(`${formatConfigError(error)}\n`);
    return 2;
  }
  process.stderr.write(
    `${configPath} is valid. The Telegram bot is not in this version yet; ` +
      `use "npm run check -- --config ${configPath}" to test every machine.\n`,
  );
  return 1;
}

process.exitCode = await main(process.argv.slice(2));
