/**
 * `npm run --silent trace -- FILE` (FILE may be - for stdin): runs the core
 * on a JSON spec and prints one JSON document (DESIGN.md, "The trace command").
 * Bad input: one line on stderr and exit code 2. Divergence: one line on
 * stderr and exit code 3. Fields it does not know are ignored, with one
 * line on stderr that names them. Nothing else is ever printed. The work is
 * core/trace-spec.ts's traceCommand; this file only reads and prints.
 */
import { readFileSync } from 'node:fs';
import { traceCommand } from '../../core/trace-spec.js';

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
    if (code === 'EACCES') fail(`cannot read ${file}: permission denied`, 2);
    fail(`cannot read ${file}: ${(err as Error).message.split('\n')[0]}`, 2);
  }
}

const result = traceCommand(readInput(process.argv[2]));
if (result.code === 0) {
  if (result.warning) process.stderr.write(`trace: note: ${result.warning}\n`);
  process.stdout.write(result.output + '\n');
}
else fail(result.error, result.code);
