import { readdirSync, readFileSync } from 'node:fs';
import { defineConfig } from 'vitest/config';

/** Test folders of pure functions over in-memory tables: no stack, no environment, no mocks. */
const UNIT = ['synth', 'eda', 'table', 'stats', 'metrics', 'validation', 'features'];

/**
 * What a test file may do that the next file in its worker would see if they shared its module graph and globals
 * (isolate: false): module mocks, spies, stubbed globals or environment, fake timers, process.env written or deleted,
 * a process listener. Nothing else carries over: each testStack() / startWebApp() builds its own clients, config and
 * stores from its own endpoints (handlers find them through AsyncLocalStorage), and every tunable is read from
 * process.env when used, not at import.
 */
const TOUCHES_PROCESS = /\bvi\.(mock|doMock|unmock|spyOn|stubEnv|stubGlobal|useFakeTimers|resetModules)\b|process\.env(\.\w+|\[[^\]]+\])\s*=(?!=)|delete process\.env|process\.env\s*=(?!=)|process\.(on|once|addListener|prependListener|prependOnceListener)\(|globalThis\.\w+\s*=(?!=)/;

const ROOT = new URL('./', import.meta.url);
const testFiles = readdirSync(new URL('tests/', ROOT), { recursive: true, encoding: 'utf8' })
  .map((path) => `tests/${path.replaceAll('\\', '/')}`)
  .filter((path) => path.endsWith('.test.ts'));
const isBrowser = (path: string) => path.startsWith('tests/web/') && !path.endsWith('-pure.test.ts');
const isUnit = (path: string) => UNIT.some((dir) => path.startsWith(`tests/${dir}/`));
/** Read, not listed, so a new file that touches the process is never missed. */
const touching = new Set(testFiles.filter((path) => !isUnit(path) && TOUCHES_PROCESS.test(readFileSync(new URL(path, ROOT), 'utf8'))));

/**
 * The unit folders share one module graph per worker and are never split off: a module mock there comes after another
 * file has loaded the real module, and passes alone but fails in the full run. Refused here, before any test runs.
 */
const mockingUnits = testFiles.filter((path) => isUnit(path) && /\bvi\.(mock|doMock)\b/.test(readFileSync(new URL(path, ROOT), 'utf8')));
if (mockingUnits.length) throw new Error(`Module mocks in a unit folder, whose files share a module graph: ${mockingUnits.join(', ')}. Move them under tests/api or tests/local.`);

/** The files of a project, split into those that share their workers' module graph and those that keep a fresh one each. */
function split(files: string[]) {
  const shared = files.filter((path) => !touching.has(path));
  const isolated = files.filter((path) => touching.has(path));
  // An empty include would fall back to vitest's default one; no file matches this.
  const orNone = (list: string[]) => (list.length ? list : ['tests/no-such-file']);
  return { shared: orNone(shared), isolated: orNone(isolated) };
}
const browser = split(testFiles.filter(isBrowser));
const node = split(testFiles.filter((path) => !isBrowser(path) && !isUnit(path)));

/** One web build and one Chromium per run, shared by both browser projects (tests/helpers/web-global.ts). */
const WEB_SETUP = ['tests/helpers/web-global.ts'];

export default defineConfig({
  test: {
    testTimeout: 60_000,
    hookTimeout: 120_000,
    // vitest's own 1 s is shorter than a server round trip on a loaded 2-core CI; a poll ends as soon as it matches.
    expect: { poll: { timeout: 20_000 } },
    // Two cores: more workers only contend.
    maxWorkers: 2,
    // Projects: the browser tests apart so that their globalSetup (one web build and one Chromium per run)
    // runs only when a browser test does: vitest starts a project's globalSetup only for a run with its files.
    // Every project but the '-isolated' ones shares its workers' module cache (isolate: false): each file no longer
    // imports core, tfjs, the AWS SDK and the local stack anew, nor loads tfjs and the step interpreter again at first
    // use; on the node-side files that halves the time spent outside the tests themselves.
    projects: [
      { extends: true, test: { name: 'browser', include: browser.shared, globalSetup: WEB_SETUP, isolate: false } },
      { extends: true, test: { name: 'browser-isolated', include: browser.isolated, globalSetup: WEB_SETUP } },
      // Pure unit tests: none sets the environment, mocks or spies; the one needing a fresh process spawns it.
      { extends: true, test: { name: 'unit', include: UNIT.map((dir) => `tests/${dir}/**/*.test.ts`), isolate: false } },
      { extends: true, test: { name: 'node', include: node.shared, isolate: false } },
      { extends: true, test: { name: 'node-isolated', include: node.isolated } },
    ],
  },
});
