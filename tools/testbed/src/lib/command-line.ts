import { parseArgs, type ParseArgsConfig } from 'node:util';

type ParseArgsOptions = NonNullable<ParseArgsConfig['options']>;

/**
 * The command line of a tool (demo, testbed, bench) through Node's util.parseArgs,
 * strict, with its errors turned into one short sentence thrown as `usageError`:
 * `unknown option "--x" (see --help)`, `--port needs a value`.
 */
export function parseCommandLine<T extends ParseArgsOptions>(
  argv: readonly string[],
  options: T,
  usageError: new (message: string) => Error,
  allowPositionals = false,
): ReturnType<typeof parseArgs<{ args: string[]; options: T; strict: true; allowPositionals: boolean }>> {
  try {
    return parseArgs({ args: [...argv], options, strict: true, allowPositionals });
  } catch (error) {
    throw new usageError(usageMessage(error));
  }
}

function usageMessage(error: unknown): string {
  const { code, message } = error as { code?: string; message?: string };
  const text = String(message ?? error);
  const named = /'([^' ]+)/.exec(text)?.[1] ?? '';
  switch (code) {
    case 'ERR_PARSE_ARGS_UNKNOWN_OPTION':
    case 'ERR_PARSE_ARGS_UNEXPECTED_POSITIONAL':
      return `unknown option "${named}" (see --help)`;
    case 'ERR_PARSE_ARGS_INVALID_OPTION_VALUE':
      return /argument missing|ambiguous/.test(text) ? `${named} needs a value` : `${named} takes no value`;
    default:
      return text;
  }
}
