import type { Config } from '../config.ts'

/** The benchmark arrives with the reliability work; until then it says so. */
export async function benchCommand(_args: string[], _config: Config): Promise<number> {
  process.stdout.write('benchmark: not yet\n')
  return 0
}
