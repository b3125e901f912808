// Bundle the bin into dist/ with zero runtime dependencies. CommonJS files,
// because Node starts CommonJS faster than ESM and `require` of a builtin does
// not touch every export the way an ESM import does:
//   cli.cjs         everything a create needs;
//   ask.cjs         the prompt UI, required only when there are questions to ask;
//   update.cjs      update, add, remove and __render (the merge, diff libraries and base
//                   fetching), required only by those commands; it carries its own copy
//                   of the answer model and renderer, as CommonJS bundles share no modules;
//   templates.json  the templates, parsed by Handlebars at build time (lib/render/compile.ts).
import { build } from 'esbuild';
import { chmodSync, mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';
import { register } from 'tsx/esm/api';

const root = fileURLToPath(new URL('..', import.meta.url));

const common = {
  bundle: true,
  format: 'cjs',
  platform: 'node',
  target: 'node20',
  minify: true,
  legalComments: 'none',
  metafile: true,
  logLevel: 'warning',
};

// npm nests a second copy of a package when the hoisted one is another version
// (here @inquirer/figures 2.x under two @inquirer packages, beside inquirer 9's
// 1.x). Bundle one copy per name and version.
const onePerVersion = {
  name: 'one-copy-per-version',
  setup(b) {
    const seen = new Map();
    b.onResolve({ filter: /^[@a-z]/ }, async (args) => {
      if (args.pluginData?.deduping || args.path.startsWith('node:')) return undefined;
      const result = await b.resolve(args.path, { kind: args.kind, resolveDir: args.resolveDir, pluginData: { deduping: true } });
      const match = /^(.*[\\/]node_modules[\\/](?:@[^\\/]+[\\/])?[^\\/]+)[\\/]/.exec(result.path);
      if (result.errors.length > 0 || !match) return result;
      const { name, version } = JSON.parse(readFileSync(join(match[1], 'package.json'), 'utf8'));
      const key = `${name}@${version}:${result.path.slice(match[1].length)}`;
      if (!seen.has(key)) seen.set(key, result.path);
      return { ...result, path: seen.get(key) };
    });
  },
};

// `import process from 'node:process'` is the global process; esbuild's ESM interop
// would copy its 130-odd properties into a wrapper at start-up (about 1 ms).
const globalProcess = {
  name: 'global-process',
  setup(b) {
    b.onResolve({ filter: /^(node:)?process$/ }, () => ({ path: 'process', namespace: 'global-process' }));
    b.onLoad({ filter: /.*/, namespace: 'global-process' }, () => ({ contents: 'export default process;', loader: 'js' }));
  },
};

/** Build `outDir` from `templatesDir` (update's tests build older releases this way). */
export async function bundle({ templatesDir = join(root, 'templates'), outDir = join(root, 'dist'), packageJson = join(root, 'package.json') } = {}) {
  const pkg = JSON.parse(readFileSync(packageJson, 'utf8'));
  const unregister = register();
  const { loadTemplateSources, templateModule, templatesFile } = await import('../lib/render/compile.ts');
  unregister();
  const templates = templatesFile(loadTemplateSources(templatesDir));

  rmSync(outDir, { recursive: true, force: true });
  mkdirSync(outDir, { recursive: true });
  writeFileSync(join(outDir, 'templates.json'), templates.json);
  // The bin and the merge commands: the generated modules, and the lazily loaded parts
  // resolved to their files beside the bundle.
  const binBuild = (entryPoints, extra = {}) =>
    build({
      ...common,
      ...extra,
      entryPoints,
      outdir: outDir,
      outExtension: { '.js': '.cjs' },
      // import() of ask.cjs and update.cjs becomes require(): a real import() would start the
      // ESM loader and scan the file for exports, about 15 ms before the first prompt.
      supported: { 'dynamic-import': false },
      plugins: [
        globalProcess,
        {
          name: 'generated-modules',
          setup(b) {
            b.onLoad({ filter: /lib[\\/]render[\\/]templates\.ts$/ }, () => ({ contents: templateModule(templates.index), loader: 'js', resolveDir: join(root, 'lib', 'render') }));
            b.onLoad({ filter: /lib[\\/]render[\\/]meta\.ts$/ }, () => ({
              contents: `export const packageName = ${JSON.stringify(pkg.name)};\nexport const version = ${JSON.stringify(pkg.version)};\n`,
              loader: 'js',
            }));
          },
        },
        {
          name: 'lazy-parts-apart',
          setup(b) {
            b.onResolve({ filter: /^\.\.?\/(write\/)?ask\.js$/ }, () => ({ path: './ask.cjs', external: true }));
            b.onResolve({ filter: /^\.\/merge-commands\.js$/ }, () => ({ path: './update.cjs', external: true }));
          },
        },
      ],
    });
  const results = await Promise.all([
    build({ ...common, entryPoints: { ask: join(root, 'lib/write/ask.ts') }, outdir: outDir, outExtension: { '.js': '.cjs' }, plugins: [onePerVersion, globalProcess] }),
    binBuild({ cli: join(root, 'lib/cli/bin.ts') }, { banner: { js: '#!/usr/bin/env node' } }),
    binBuild({ update: join(root, 'lib/cli/merge-commands.ts') }),
  ]);
  chmodSync(join(outDir, 'cli.cjs'), 0o755);
  const sizes = results.flatMap((r) => Object.entries(r.metafile.outputs).map(([file, { bytes }]) => [relative(root, file), bytes]));
  sizes.push([relative(root, join(outDir, 'templates.json')), Buffer.byteLength(templates.json)]);
  return sizes.map(([file, bytes]) => `${file} ${(bytes / 1024).toFixed(1)} KiB`);
}

if (process.argv[1] && fileURLToPath(import.meta.url) === process.argv[1]) {
  console.log(`built ${(await bundle()).join(', ')}`);
}
