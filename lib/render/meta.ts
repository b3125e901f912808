// The package's name and version. The bundle replaces this module with the two
// constants (scripts/build.js); development runs read package.json.
import { readFileSync } from 'node:fs';

const pkg = JSON.parse(readFileSync(new URL('../../package.json', import.meta.url), 'utf8')) as { name: string; version: string };

export const packageName = pkg.name;
export const version = pkg.version;
