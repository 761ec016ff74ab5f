/**
 * The production build (`npm run build`; `npm ci` and `npm start` run it too): the bot, `check`, the container's
 * healthcheck and the chart worker, each bundled with esbuild into one file in dist/. Node then reads a few files
 * instead of ~100 modules it would type-strip one by one, which is most of what the bot's memory lost (issue 18).
 * dist/ sits next to helper/, locales/, node_modules/ and package.json, as src/ does: the code finds those at run
 * time by walking up from its own folder, bundled or not.
 */
import { mkdir, readdir, readFile, rename, rm, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { build, type BuildOptions } from 'esbuild';

export const ROOT = path.resolve(import.meta.dirname, '..');
export const DIST = path.join(ROOT, 'dist');

/** The bundles, by their file name in dist/ (`main` → dist/main.js). */
const ENTRY_POINTS = {
  main: 'src/main.ts',
  check: 'src/cli/check.ts',
  health: 'src/cli/health.ts',
  // Started by src/reports/chart-process.ts as chart-worker.js next to the bundle it runs in.
  'chart-worker': 'src/reports/chart-worker.ts',
} as const;

/**
 * Packages that stay in node_modules:
 * - resvg loads a native module, chosen by platform at run time;
 * - cpu-features is ssh2's optional native speed-up (never built here: allowScripts). ssh2 looks for its own optional
 *   native binding with a require inside try/catch, which esbuild leaves as it is: it fails, as it does unbundled,
 *   where the binding is not built either, and ssh2 uses its JavaScript code;
 * - node-fetch (grammY's HTTP client on Node) and what it loads call Node APIs that are deprecated (url.parse, the
 *   punycode module). Node warns about those on stderr only for code outside node_modules: bundled, every start
 *   would print two warnings between the log lines.
 */
const EXTERNAL = ['@resvg/resvg-js', 'cpu-features', 'node-fetch'];

export const BUILD_OPTIONS: BuildOptions = {
  absWorkingDir: ROOT,
  entryPoints: ENTRY_POINTS,
  outdir: DIST,
  bundle: true,
  platform: 'node',
  format: 'esm',
  target: 'node24',
  external: EXTERNAL,
  // Code only some paths need (the charting libraries behind a dynamic import) goes into chunks loaded when first
  // used, and what several bundles share is one file. Chunks sit in dist/ itself, beside the bundles: code that
  // finds a file next to its own module (chart-process.ts, the worker) finds the same one from any of them.
  splitting: true,
  chunkNames: '[name]-[hash]',
  // Bundled CommonJS packages (ssh2, pino, grammY's node-fetch) call require() for Node's own modules, and ssh2 reads
  // __dirname when it loads (for a Windows-only file): ES modules have neither, so each bundle and chunk gets them.
  banner: {
    js: [
      "import { createRequire as createRequireOfBundle } from 'node:module';",
      'const require = createRequireOfBundle(import.meta.url);',
      'const __filename = import.meta.filename;',
      'const __dirname = import.meta.dirname;',
    ].join(' '),
  },
  // Source maps for readable stack traces when asked for (NODE_OPTIONS=--enable-source-maps): not by default, as Node
  // then holds every map in memory, about 30 MB (npm run bench). The sources themselves stay out of the maps.
  sourcemap: 'linked',
  sourcesContent: false,
  minifyWhitespace: true,
  minifySyntax: true,
  // Bundling renames classes whose names clash (abort-controller's AbortSignal became AbortSignal2, which node-fetch
  // then refuses as a signal: it checks constructor.name); the log's error types use the names too.
  keepNames: true,
  legalComments: 'eof',
  logLevel: 'warning',
  write: false,
};

/**
 * Builds dist/. A file whose bytes did not change is left alone and a changed one is replaced whole (written beside
 * it, then renamed), so a bot or test that starts while another build runs never reads half a file; files of an
 * earlier build that this one no longer makes are removed.
 */
export async function buildBundles(): Promise<{ readonly written: number; readonly files: number }> {
  const result = await build(BUILD_OPTIONS);
  const outputs = result.outputFiles ?? [];
  let written = 0;
  for (const output of outputs) {
    const current = await readFile(output.path).catch(() => undefined);
    if (current !== undefined && Buffer.compare(current, output.contents) === 0) continue;
    await mkdir(path.dirname(output.path), { recursive: true });
    const temporary = `${output.path}.${process.pid}.tmp`;
    await writeFile(temporary, output.contents);
    await rename(temporary, output.path);
    written += 1;
  }
  const made = new Set(outputs.map((output) => output.path));
  for (const entry of await readdir(DIST, { recursive: true, withFileTypes: true })) {
    const file = path.join(entry.parentPath, entry.name);
    if (entry.isFile() && !made.has(file) && !file.endsWith('.tmp')) await rm(file, { force: true });
  }
  return { written, files: outputs.length };
}

if (import.meta.main) {
  try {
    const started = performance.now();
    const { written, files } = await buildBundles();
    process.stdout.write(`build: ${path.relative(process.cwd(), DIST) || '.'}/ ${written === 0 ? 'up to date' : `${written} of ${files} files written`} (${Math.round(performance.now() - started)} ms)\n`);
  } catch (error) {
    // esbuild has printed its own errors, with their files and lines; anything else is said here.
    if (!(error instanceof Error && 'errors' in error)) process.stderr.write(`build failed: ${error instanceof Error ? error.message : String(error)}\n`);
    process.exitCode = 1;
  }
}
