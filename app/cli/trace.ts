/**
 * `npm run --silent trace -- FILE` (FILE may be - for stdin): runs the core
 * on a JSON spec and prints one JSON document (DESIGN.md, "The trace command").
 * Bad input: one line on stderr and exit code 2. Divergence: one line on
 * stderr and exit code 3. Nothing else is ever printed.
 */
import { readFileSync } from 'node:fs';
import { TraceDivergedError, TraceInputError, parseTraceSpec, runTrace } from '../../core/trace-spec.js';

function fail(message: string, code: number): never {
  process.stderr.write(`trace: ${message}\n`);
  process.exit(code);
}

function readInput(file: string | undefined): string {
  if (!file) fail('no spec given; usage: npm run --silent trace -- FILE (or - to read stdin)', 2);
  try {
    return readFileSync(file === '-' ? 0 : file, 'utf8');
  } catch (err) {
    const code = (err as NodeJS.ErrnoException).code;
    if (code === 'ENOENT') fail(`cannot read ${file}: no such file`, 2);
    if (code === 'EISDIR') fail(`cannot read ${file}: it is a folder, not a file`, 2);
    fail(`cannot read ${file}: ${(err as Error).message}`, 2);
  }
}

const text = readInput(process.argv[2]);
let json: unknown;
try {
  json = JSON.parse(text);
} catch (err) {
  fail(`the spec is not valid JSON (${(err as Error).message})`, 2);
}

try {
  const output = runTrace(parseTraceSpec(json));
  process.stdout.write(JSON.stringify(output) + '\n');
} catch (err) {
  if (err instanceof TraceInputError) fail(err.message, 2);
  if (err instanceof TraceDivergedError) fail(err.message, 3);
  fail(`internal error: ${(err as Error).message}`, 1);
}
