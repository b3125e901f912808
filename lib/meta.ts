import { readFileSync } from 'node:fs';

// The bundle defines these (scripts/build.js); development runs read package.json.
declare const __PACKAGE_NAME__: string | undefined;
declare const __PACKAGE_VERSION__: string | undefined;

function fromPackageJson(): { name: string; version: string } {
  return JSON.parse(readFileSync(new URL('../package.json', import.meta.url), 'utf8')) as { name: string; version: string };
}

const pkg =
  typeof __PACKAGE_VERSION__ === 'string' && typeof __PACKAGE_NAME__ === 'string'
    ? { name: __PACKAGE_NAME__, version: __PACKAGE_VERSION__ }
    : fromPackageJson();

export const packageName = pkg.name;
export const version = pkg.version;
