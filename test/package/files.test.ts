/**
 * What the installers would hold, checked without packaging: the `files`
 * globs of electron-builder.yml, applied to the built tree the way
 * electron-builder applies them (its own YAML reader and glob matcher),
 * against what the built code really loads.
 *
 *   - every file the main process and the preload import, and every file
 *     the renderer's page loads, is inside the globs;
 *   - nothing else is: no command-line entry, no test, no source map, no
 *     sourceMappingURL comment;
 *   - every package the main process imports is a production dependency,
 *     and the renderer's libraries (bundled by Vite) are not.
 *
 * It reads dist/, building it first if it is missing or older than the sources.
 */
import { execFileSync } from 'node:child_process';
import { existsSync, readFileSync, readdirSync, statSync } from 'node:fs';
import { builtinModules, createRequire } from 'node:module';
import { dirname, join, relative, resolve, sep } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { NETWORK_FILE_EXTENSION } from '../../core/network-file.js';

const root = process.cwd();
const fromBuilder = createRequire(createRequire(import.meta.url).resolve('app-builder-lib'));
const yaml = fromBuilder('js-yaml') as { load(text: string): unknown };
const { minimatch } = fromBuilder('minimatch') as { minimatch(path: string, pattern: string, options?: object): boolean };

interface BuilderConfig {
  files: string[];
  extraMetadata: { main: string };
  artifactName: string;
  electronFuses: Record<string, boolean>;
  fileAssociations: { ext: string }[];
  linux: { target: string[]; icon: string };
  win: { target: string[]; icon: string };
  mac: { target: string[]; icon: string };
  appId: string;
  productName: string;
}
const config = yaml.load(readFileSync(join(root, 'electron-builder.yml'), 'utf8')) as BuilderConfig;
const pkg = JSON.parse(readFileSync(join(root, 'package.json'), 'utf8')) as { dependencies: Record<string, string>; devDependencies: Record<string, string>; main: string };

function walk(dir: string): string[] {
  if (!existsSync(dir)) return [];
  return readdirSync(dir, { withFileTypes: true }).flatMap((e) => (e.isDirectory() ? walk(join(dir, e.name)) : [join(dir, e.name)]));
}

function newest(dir: string): number {
  return Math.max(0, ...walk(dir).map((f) => statSync(f).mtimeMs));
}

/** Whether electron-builder would take a project file (path relative to the root, with /). */
function packaged(path: string): boolean {
  const positive = config.files.filter((p) => !p.startsWith('!'));
  const negative = config.files.filter((p) => p.startsWith('!')).map((p) => p.slice(1));
  const match = (p: string) => minimatch(path, p, { dot: true });
  return positive.some(match) && !negative.some(match);
}

const rel = (abs: string) => relative(root, abs).split(sep).join('/');

/** The import specifiers of a built JavaScript file: static, re-export, dynamic and require. */
function specifiers(code: string): string[] {
  const found = new Set<string>();
  for (const re of [/\b(?:import|export)\s[^'"`;]*?\bfrom\s*['"]([^'"]+)['"]/g, /\bimport\s*['"]([^'"]+)['"]/g, /\bimport\(\s*['"]([^'"]+)['"]\s*\)/g, /\brequire\(\s*['"]([^'"]+)['"]\s*\)/g]) {
    for (const m of code.matchAll(re)) found.add(m[1]);
  }
  return [...found];
}

const packageName = (spec: string) => (spec.startsWith('@') ? spec.split('/').slice(0, 2).join('/') : spec.split('/')[0]);
const builtin = (spec: string) => spec.startsWith('node:') || builtinModules.includes(spec.split('/')[0]);

/** Our files the entry reaches, and the packages they import. */
function reach(entries: string[]): { files: Set<string>; packages: Map<string, string> } {
  const files = new Set<string>();
  const packages = new Map<string, string>();
  const queue = [...entries];
  while (queue.length) {
    const file = queue.pop()!;
    if (files.has(file)) continue;
    files.add(file);
    for (const spec of specifiers(readFileSync(file, 'utf8'))) {
      if (spec.startsWith('.')) {
        const target = resolve(dirname(file), spec);
        if (!existsSync(target)) throw new Error(`${rel(file)} imports ${spec}, which the build did not make`);
        queue.push(target);
      } else if (!builtin(spec)) packages.set(packageName(spec), rel(file));
    }
  }
  return { files, packages };
}

beforeAll(() => {
  const outputs = [join(root, config.extraMetadata.main), join(root, 'dist/app/electron/preload.cjs'), join(root, 'dist/renderer/index.html')];
  const built = Math.min(...outputs.map((f) => (existsSync(f) ? statSync(f).mtimeMs : 0)));
  const sources = Math.max(...['app', 'core', 'renderer'].map((d) => newest(join(root, d))));
  if (built < sources) execFileSync('npm', ['run', 'build'], { cwd: root, stdio: 'pipe' });
}, 600_000);

describe('the packaged file set (electron-builder.yml)', () => {
  it('holds every file the main process and the preload import', () => {
    const main = join(root, config.extraMetadata.main);
    expect(config.extraMetadata.main).toBe(pkg.main);
    const { files } = reach([main, join(root, 'dist/app/electron/preload.cjs')]);
    expect(files.size).toBeGreaterThan(10);
    const missing = [...files].map(rel).filter((f) => !packaged(f));
    expect(missing).toEqual([]);
  });

  it('holds every file the renderer’s page loads', () => {
    const dir = join(root, 'dist/renderer');
    const html = readFileSync(join(dir, 'index.html'), 'utf8');
    const loaded = [...html.matchAll(/\s(?:src|href)="([^"]+)"/g)].map((m) => m[1]).filter((u) => !/^(data:|https?:|#)/.test(u));
    expect(loaded.length).toBeGreaterThan(0);
    const files = new Set(loaded.map((u) => resolve(dir, u)));
    // Stylesheets load fonts and images; scripts load their chunks.
    for (const file of [...files]) {
      if (!existsSync(file)) throw new Error(`index.html loads ${rel(file)}, which the build did not make`);
      const text = readFileSync(file, 'utf8');
      if (file.endsWith('.css')) for (const m of text.matchAll(/url\(\s*['"]?([^'")]+)['"]?\s*\)/g)) if (!/^(data:|#)/.test(m[1])) files.add(resolve(dirname(file), m[1]));
      if (file.endsWith('.js')) for (const spec of specifiers(text).filter((s) => s.startsWith('.'))) files.add(resolve(dirname(file), spec));
    }
    const missing = [...files].map(rel).filter((f) => !existsSync(join(root, f)) || !packaged(f));
    expect(missing).toEqual([]);
  });

  it('holds nothing else: no command-line entry, test, source map or source file', () => {
    const all = [join(root, 'package.json'), ...walk(join(root, 'dist'))].map(rel).filter(packaged);
    const { files } = reach([join(root, config.extraMetadata.main), join(root, 'dist/app/electron/preload.cjs')]);
    const reached = new Set([...files].map(rel));
    const extra = all.filter((f) => f.endsWith('.js') && !f.startsWith('dist/renderer/') && !reached.has(f));
    expect(extra).toEqual([]);
    expect(all.filter((f) => /\.map$|\.d\.ts$|\.ts$|(^|\/)(test|tests|__tests__)\/|\.(test|spec)\.|^dist\/app\/cli\//.test(f))).toEqual([]);
    const mapComments = all.filter((f) => /\.(c?js|css)$/.test(f) && /sourceMappingURL=/.test(readFileSync(join(root, f), 'utf8')));
    expect(mapComments).toEqual([]);
  });

  it('takes at run time only production dependencies, and leaves the renderer’s libraries to its bundle', () => {
    const { packages } = reach([join(root, config.extraMetadata.main)]);
    const notProduction = [...packages].filter(([name]) => name !== 'electron' && !(name in pkg.dependencies)).map(([name, by]) => `${name} (imported by ${by})`);
    expect(notProduction).toEqual([]);
    // Each is installed, and npm's lock does not mark it as needed only for development.
    const lock = JSON.parse(readFileSync(join(root, 'package-lock.json'), 'utf8')) as { packages: Record<string, { dev?: boolean }> };
    for (const name of packages.keys()) {
      if (name === 'electron') continue;
      expect(existsSync(join(root, 'node_modules', name, 'package.json')), name).toBe(true);
      expect(lock.packages[`node_modules/${name}`]?.dev, name).toBeUndefined();
    }
    // The preload bundle imports Electron and nothing else.
    expect(reach([join(root, 'dist/app/electron/preload.cjs')]).packages).toEqual(new Map([['electron', 'dist/app/electron/preload.cjs']]));
    for (const name of ['pixi.js', 'uplot', 'colyseus.js', '@fontsource/noto-sans-jp']) {
      expect(pkg.dependencies, name).not.toHaveProperty([name]);
      expect(pkg.devDependencies, name).toHaveProperty([name]);
    }
  });
});

describe('the installers’ settings', () => {
  it('make AppImage and deb, NSIS and dmg, named with the version', () => {
    expect(config.linux.target).toEqual(['AppImage', 'deb']);
    expect(config.win.target).toEqual(['nsis']);
    expect(config.mac.target).toEqual(['dmg']);
    expect(config.artifactName).toContain('${version}');
    expect(config.appId).toMatch(/^[a-z0-9.-]+$/);
    expect(config.productName).toBe('Backprop Arena');
  });

  it('flip the fuses: no running as Node, no NODE_OPTIONS or --inspect, the app only from its checked archive', () => {
    expect(config.electronFuses).toMatchObject({
      runAsNode: false,
      enableNodeOptionsEnvironmentVariable: false,
      enableNodeCliInspectArguments: false,
      enableEmbeddedAsarIntegrityValidation: true,
      onlyLoadAppFromAsar: true,
    });
  });

  it('open saved networks with the game, and use the project’s icons', () => {
    expect(config.fileAssociations.map((a) => a.ext)).toEqual([NETWORK_FILE_EXTENSION]);
    for (const icon of [config.win.icon, config.mac.icon]) expect(existsSync(join(root, icon)), icon).toBe(true);
    expect(walk(join(root, config.linux.icon)).filter((f) => f.endsWith('.png')).length).toBeGreaterThanOrEqual(6);
  });
});
