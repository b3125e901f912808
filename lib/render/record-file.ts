// The record's file name, apart from lib/render/record.ts: that module loads node:crypto, which
// `--version` and `--help` must not (test/bundle.test.ts), and create's cheap checks need the name.
export const recordFile = '.dotnet-aot-lambda.json';
