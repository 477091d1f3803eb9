// What a subcommand does with its arguments before anything else: parse them, answer --help, and
// turn a usage error into its message, the help text and exit status 2 (one place, so every
// subcommand says it the same way).
import { parseArgs, type ParseArgsConfig } from 'node:util'

type ParseArgsOptionsConfig = NonNullable<ParseArgsConfig['options']>

export interface CmdIO {
  out(s: string): void
  err(s: string): void
}

type Parsed<O extends ParseArgsOptionsConfig> = ReturnType<typeof parseArgs<{ args: string[]; allowPositionals: true; options: O }>>

/**
 * The parsed arguments, or the exit status when the command is done (0 after --help, 2 after a
 * usage error: its message, then the help text unless `helpOnError` is false).
 */
export function parseCommand<const O extends ParseArgsOptionsConfig>(name: string, help: string, args: string[], options: O, io: CmdIO, { helpOnError = true } = {}): Parsed<O> | number {
  let parsed: Parsed<O>
  try {
    parsed = parseArgs({ args, allowPositionals: true, options })
  } catch (e) {
    io.err(`nlwire ${name}: ${(e as Error).message}\n${helpOnError ? `\n${help}` : ''}`)
    return 2
  }
  if ((parsed.values as { help?: unknown }).help === true) {
    io.out(help)
    return 0
  }
  return parsed
}
