/**
 * Saving and opening network files in the desktop app (app/electron/files.ts),
 * with the system's dialogs replaced by fakes that answer with a path in a
 * temporary folder. Hostile files: too big, binary, not UTF-8, nested
 * without end, another program's JSON, a newer version, numbers out of
 * range, weights that do not fit the shape, a folder, a missing file.
 */
import { mkdtempSync, readFileSync, truncateSync, writeFileSync, mkdirSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { type Dialogs, fileHandlers, networkPathFromArgs, readNetworkPath, withExtension } from '../../app/electron/files.js';
import { rmSync } from 'node:fs';
import { writeNetworkFile } from '../../core/network-file.js';
import type { SavedNetwork } from '../../core/protocol.js';

const dir = mkdtempSync(join(tmpdir(), 'bpa-files-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

const article: SavedNetwork = {
  hidden: [3, 2],
  activation: 'sigmoid',
  outputActivation: 'sigmoid',
  bias: false,
  rule: 'exact',
  batch: 1,
  dataset: { kind: 'xor', count: 4, noise: 0, testShare: 0, seed: 1 },
  seed: 5,
  schedule: { kind: 'decay', start: 2, end: 0.1, halfLife: 500 },
  weights: [0.1, -0.2, 0.3, -0.4, 0.5, -0.6, 12.5, -33.25, 0.9, -1, 1.1, -1.2, 1.3, -1.4],
  biases: Array.from({ length: 8 }, () => 0),
};

function file(name: string, content: string | Buffer): string {
  const path = join(dir, name);
  writeFileSync(path, content);
  return path;
}

function withNetwork(change: (n: Record<string, unknown>) => void): string {
  const data = JSON.parse(writeNetworkFile(article, 10));
  change(data.network);
  return JSON.stringify(data);
}

describe('readNetworkPath', () => {
  it('opens a network as it was saved, trained weights past the hand-edit limit included', async () => {
    const result = await readNetworkPath(file('good.bpnet', writeNetworkFile(article, 1200)));
    expect(result).toMatchObject({ status: 'opened', name: 'good.bpnet', file: { step: 1200, network: article } });
  });

  it('takes a file with a byte-order mark, as some editors write', async () => {
    const result = await readNetworkPath(file('bom.bpnet', '\ufeff' + writeNetworkFile(article, 0)));
    expect(result.status).toBe('opened');
  });

  const hostile: [string, string | Buffer, string, RegExp][] = [
    ['empty.bpnet', '', 'notJson', /empty/],
    ['cut.bpnet', writeNetworkFile(article, 0).slice(0, 200), 'notJson', /JSON/],
    ['picture.bpnet', Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 0xff, 0xfe, 0x00]), 'notJson', /UTF-8/],
    ['deep.bpnet', '['.repeat(100_000) + ']'.repeat(100_000), 'notNetwork', /nested/],
    ['array.bpnet', '[1, 2, 3]', 'notNetwork', /format/],
    ['other.json', '{"name": "my-package", "version": "1.0.0"}', 'notNetwork', /format/],
    ['proto.bpnet', '{"__proto__": {"format": "backprop-arena/network"}, "version": 1}', 'notNetwork', /format/],
    ['newer.bpnet', JSON.stringify({ ...JSON.parse(writeNetworkFile(article, 0)), version: 7 }), 'newerVersion', /version 7/],
    ['short.bpnet', withNetwork((n) => (n.weights as number[]).pop()), 'invalid', /14 weights, but 13/],
    ['huge-weight.bpnet', withNetwork((n) => ((n.weights as number[])[0] = 1e300)), 'invalid', /weights\.0/],
    ['infinite.bpnet', withNetwork((n) => ((n.weights as number[])[0] = 424242)).replace('424242', '1e999'), 'invalid', /weights\.0/],
    ['string-weight.bpnet', withNetwork((n) => ((n.weights as unknown[])[3] = '0.5')), 'invalid', /weights\.3/],
    ['layers.bpnet', withNetwork((n) => (n.hidden = [16, 16, 16, 16, 16, 16, 16])), 'invalid', /hidden/],
    ['extra.bpnet', withNetwork((n) => (n.script = 'alert(1)')), 'invalid', /script/],
    ['dataset.bpnet', withNetwork((n) => ((n.dataset as { count: number }).count = 1e9)), 'invalid', /dataset\.count/],
    ['biases-off.bpnet', withNetwork((n) => ((n.biases as number[])[3] = 2)), 'invalid', /biases are off/],
  ];
  for (const [name, content, problem, detail] of hostile) {
    it(`refuses ${name} as ${problem}, saying where`, async () => {
      const result = await readNetworkPath(file(name, content));
      expect(result).toMatchObject({ status: 'failed', name, problem });
      expect(result.status === 'failed' && result.detail).toMatch(detail);
    });
  }

  it('refuses a file far too big without reading it', async () => {
    const path = file('big.bpnet', '');
    truncateSync(path, 2 * 1024 ** 3); // 2 GB, sparse: reading it would take long and fill memory
    const started = Date.now();
    const result = await readNetworkPath(path);
    expect(result).toMatchObject({ status: 'failed', problem: 'tooBig' });
    expect(Date.now() - started).toBeLessThan(5000);
  });

  it('says a folder or a missing file cannot be read', async () => {
    mkdirSync(join(dir, 'folder.bpnet'));
    expect(await readNetworkPath(join(dir, 'folder.bpnet'))).toMatchObject({ status: 'failed', problem: 'unreadable' });
    expect(await readNetworkPath(join(dir, 'missing.bpnet'))).toMatchObject({ status: 'failed', problem: 'unreadable', detail: 'ENOENT' });
  });
});

function dialogs(savePath: string | null, openPaths: string[] | null): Dialogs & { seen: unknown[] } {
  const seen: unknown[] = [];
  return {
    seen,
    async showSaveDialog(options) {
      seen.push(options);
      return savePath ? { canceled: false, filePath: savePath } : { canceled: true };
    },
    async showOpenDialog(options) {
      seen.push(options);
      return openPaths ? { canceled: false, filePaths: openPaths } : { canceled: true, filePaths: [] };
    },
  };
}

const PNG = new Uint8Array([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 1, 2, 3]);

function handlers(d: Dialogs) {
  return fileHandlers({ dialogs: d, language: () => 'ja', startFolder: () => dir, capturePng: async () => PNG });
}

describe('fileHandlers', () => {
  it('saves a network where the player chose, adding .bpnet, and opens it again', async () => {
    const saved = await handlers(dialogs(join(dir, 'mine'), null))['network:save']({ network: article, step: 42, suggestedName: 'x.bpnet' }, null as never);
    expect(saved).toEqual({ status: 'saved', name: 'mine.bpnet' });
    const opened = await handlers(dialogs(null, [join(dir, 'mine.bpnet')]))['network:open']({}, null as never);
    expect(opened).toMatchObject({ status: 'opened', file: { step: 42, network: article } });
  });

  it('asks in the game’s language, starting in the documents folder, with the network filter', async () => {
    const d = dialogs(null, null);
    await handlers(d)['network:save']({ network: article, step: 0, suggestedName: 'x.bpnet' }, null as never);
    expect(d.seen[0]).toMatchObject({ title: 'ネットワークを保存', defaultPath: join(dir, 'x.bpnet'), filters: [{ extensions: ['bpnet'] }] });
  });

  it('does nothing when the player cancels', async () => {
    const h = handlers(dialogs(null, null));
    expect(await h['network:save']({ network: article, step: 0, suggestedName: 'x.bpnet' }, null as never)).toEqual({ status: 'cancelled' });
    expect(await h['network:open']({}, null as never)).toEqual({ status: 'cancelled' });
    expect(await h['screenshot:export']({ suggestedName: 's.png' }, null as never)).toEqual({ status: 'cancelled' });
  });

  it('writes the window’s picture as PNG and a table as CSV that spreadsheets read as UTF-8', async () => {
    expect(await handlers(dialogs(join(dir, 'shot'), null))['screenshot:export']({ suggestedName: 's.png' }, null as never)).toEqual({ status: 'saved', name: 'shot.png' });
    expect(new Uint8Array(readFileSync(join(dir, 'shot.png')))).toEqual(PNG);
    expect(await handlers(dialogs(join(dir, 'race.csv'), null))['csv:export']({ suggestedName: 'r.csv', text: 'rank,name\n1,さくら\n' }, null as never)).toEqual({ status: 'saved', name: 'race.csv' });
    expect(readFileSync(join(dir, 'race.csv'), 'utf8')).toBe('\ufeffrank,name\n1,さくら\n');
  });

  it('says why a save failed', async () => {
    const result = await handlers(dialogs(join(dir, 'no-such-folder', 'n.bpnet'), null))['network:save']({ network: article, step: 0, suggestedName: 'x.bpnet' }, null as never);
    expect(result).toMatchObject({ status: 'failed', reason: expect.stringContaining('ENOENT') });
  });
});

describe('file names', () => {
  it('adds the extension only when it is missing', () => {
    expect(withExtension('/a/net', 'bpnet')).toBe('/a/net.bpnet');
    expect(withExtension('/a/net.BPNET', 'bpnet')).toBe('/a/net.BPNET');
    expect(withExtension('/a/net.json', 'bpnet')).toBe('/a/net.json.bpnet');
  });

  it('finds a network file among the launch arguments, not a flag or the program', () => {
    expect(networkPathFromArgs(['/opt/app/backprop-arena', '--no-sandbox', '/home/a/net.bpnet'])).toBe('/home/a/net.bpnet');
    expect(networkPathFromArgs(['/opt/x.bpnet'])).toBeNull();
    expect(networkPathFromArgs(['app', '--file=x.bpnet', 'notes.txt'])).toBeNull();
  });
});
