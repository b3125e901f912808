// Bundle the bin into dist/ with zero runtime dependencies: node-plop,
// handlebars' runtime, inquirer and the precompiled templates all go into the
// bundle. The prompt UI lands in a lazily loaded chunk, so non-interactive runs
// never parse it, and no Handlebars compiler runs at generation time.
import { build } from 'esbuild';
import { chmodSync, readFileSync, rmSync } from 'node:fs';
import { join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';
import { register } from 'tsx/esm/api';

const root = fileURLToPath(new URL('..', import.meta.url));

/** Build `outDir` from `templatesDir` (update's tests build older releases this way). */
export async function bundle({ templatesDir = join(root, 'templates'), outDir = join(root, 'dist'), packageJson = join(root, 'package.json') } = {}) {
  const pkg = JSON.parse(readFileSync(packageJson, 'utf8'));
  const unregister = register();
  const { loadTemplateSources } = await import('../lib/templates.ts');
  const { precompiledModule } = await import('../lib/compile.ts');
  unregister();
  const precompiledSource = precompiledModule(loadTemplateSources(templatesDir));

  rmSync(outDir, { recursive: true, force: true });
  const result = await build({
    entryPoints: { cli: join(root, 'lib/bin.ts') },
    outdir: outDir,
    bundle: true,
    splitting: true,
    format: 'esm',
    platform: 'node',
    target: 'node20',
    minify: true,
    chunkNames: 'chunks/[name]-[hash]',
    legalComments: 'none',
    metafile: true,
    define: { __PACKAGE_NAME__: JSON.stringify(pkg.name), __PACKAGE_VERSION__: JSON.stringify(pkg.version) },
    logLevel: 'warning',
    plugins: [
      {
        name: 'precompiled-templates',
        setup(b) {
          b.onLoad({ filter: /lib[\\/]precompiled\.ts$/ }, () => ({ contents: precompiledSource, loader: 'js', resolveDir: root }));
        },
      },
    ],
    // CommonJS dependencies (handlebars, inquirer's) call require(); ESM output needs one.
    banner: { js: "#!/usr/bin/env node\nimport { createRequire as __createRequire } from 'node:module'; const require = __createRequire(import.meta.url);" },
  });
  chmodSync(join(outDir, 'cli.js'), 0o755);
  return Object.entries(result.metafile.outputs).map(([file, { bytes }]) => `${relative(root, file)} ${(bytes / 1024).toFixed(1)} KiB`);
}

if (process.argv[1] && fileURLToPath(import.meta.url) === process.argv[1]) {
  console.log(`built ${(await bundle()).join(', ')}`);
}
