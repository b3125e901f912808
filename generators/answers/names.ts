// Names: how a directory or a .NET name becomes the others (PascalCase, kebab-case, snake_case,
// a Lambda function name, a bucket stem), and which names .NET, Lambda, IAM and S3 accept.
import { csharpKeywords } from './values.js';

/** my-func → MyFunc; segments split on anything that is not a letter or digit. */
export function pascalCase(text: string): string {
  return text
    .split(/[^A-Za-z0-9]+/)
    .filter(Boolean)
    .map((s) => s[0]!.toUpperCase() + s.slice(1))
    .join('');
}

/** OrderWorker → order-worker, Contoso.Orders → contoso-orders, HTTPApi → http-api. */
export function kebabCase(name: string): string {
  return name
    .replace(/([a-z0-9])([A-Z])/g, '$1-$2')
    .replace(/([A-Z]+)([A-Z][a-z])/g, '$1-$2')
    .replace(/[^A-Za-z0-9]+/g, '-')
    .replace(/^-+|-+$/g, '')
    .toLowerCase();
}

/** OrderWorker → order_worker: the function's Terraform module name (identifiers only). */
export function snakeCase(name: string): string {
  return kebabCase(name).replace(/-/g, '_');
}

/** `orders api` → `orders-api`: the directory name with every run of characters a Lambda
 * function name cannot hold turned into one hyphen, cut to the 54 characters that deploy. */
export function functionNameFrom(dirName: string): string {
  return dirName.replace(/[^A-Za-z0-9_-]+/g, '-').replace(/^-+|-+$/g, '').slice(0, 54).replace(/-+$/, '');
}

export const identifier = /^[A-Za-z_][A-Za-z0-9_]*$/;
// Lambda allows 64 characters, but the generated IAM role `<name>-execution` must fit
// IAM's 64-character limit, so 54 is the most that deploys.
export const functionNamePattern = /^[A-Za-z0-9_-]{1,54}$/;
export const roleNamePattern = /^[\w+=,.@-]{1,64}$/;

export function bucketProblem(name: string): string | undefined {
  if (name.length < 3 || name.length > 63) return 'must be 3 to 63 characters long';
  if (!/^[a-z0-9][a-z0-9.-]*[a-z0-9]$/.test(name)) return 'may contain only lowercase letters, digits, dots and hyphens, and must begin and end with a letter or digit';
  if (name.includes('..')) return 'must not contain two adjacent dots';
  if (/^\d+\.\d+\.\d+\.\d+$/.test(name)) return 'must not be formatted as an IP address';
  if (/^(xn--|sthree-|amzn-s3-demo-)/.test(name)) return 'must not start with xn--, sthree- or amzn-s3-demo-';
  if (/(-s3alias|--ol-s3|\.mrap|--x-s3|--table-s3)$/.test(name)) return 'must not end with -s3alias, --ol-s3, .mrap, --x-s3 or --table-s3';
  return undefined;
}

/** A new source bucket's name before `-<account id>`: the function name as S3 allows it
 * (lowercase, `_` as `-`), cut so the whole name fits S3's 63 characters. The bootstrap stack
 * scopes the deploy role to buckets named this way from the prefix. */
export function newBucketStem(functionName: string): string {
  return functionName.toLowerCase().replace(/_/g, '-').slice(0, 50).replace(/-+$/, '');
}

export const dotnetNameRule = 'use dotted C# identifiers (letters, digits, _; not starting with a digit; no C# keywords), e.g. MyCompany.Orders';

export function nameProblem(name: string): string | undefined {
  if (name === '') return `is empty; ${dotnetNameRule}`;
  const bad = name.split('.').find((segment) => !identifier.test(segment) || csharpKeywords.has(segment));
  if (bad !== undefined) return `"${name}" is not a valid .NET name: ${dotnetNameRule}`;
  return undefined;
}

/** Why `<name>` cannot name a function `add` creates: it is one C# identifier (the project,
 * its folder, its namespace and its Terraform module are named after it). */
export function addedNameProblem(name: string): string | undefined {
  const rule = 'use one C# identifier (letters, digits, _; not starting with a digit; not a C# keyword; no dots), e.g. Worker';
  if (name === '') return `the function name is empty; ${rule}`;
  if (!identifier.test(name) || csharpKeywords.has(name)) return `"${name}" is not a C# identifier; ${rule}`;
  return undefined;
}
