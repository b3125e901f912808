// The one answer model: option table, defaults, presets, derivations and validation. The CLI,
// the prompts, `update` and the templates all read it through this module; no other module
// decides what an answer means. An answer's rules live in its row of the option table, found
// by its name under options/ (function.ts, triggers.ts, repo.ts, operations.ts):
//   types.ts     what the answers are (repo, function, given, recorded) and InputError
//   values.ts    every allowed value and the facts behind them
//   names.ts     name conversions, and the names .NET, Lambda, IAM and S3 accept
//   options.ts   the table: rows in order, with their `when`, `default` and `validate`
//   defaults.ts  presets, and deciding defaults and applicability from the rows
//   parse.ts     raw text → typed values
//   validate.ts  the rules no one row owns (overrides, uniqueness across functions)
//   resolve.ts   given + defaults → a complete, validated answer set; support warnings
//   changes.ts   flat or listed function answers; update's changes; add and remove
//   suggest.ts   "did you mean": the closest flag, command or value to a typo
//   projects.ts  several projects in one repository: their variable names, colliding prefixes
export * from './types.js';
export * from './values.js';
export * from './names.js';
export * from './options.js';
export * from './defaults.js';
export * from './parse.js';
export * from './validate.js';
export * from './resolve.js';
export * from './changes.js';
export * from './suggest.js';
export * from './projects.js';
