/**
 * Loads `@whiskeysockets/baileys`, an optional dependency: only `WHATSAPP_MODE=baileys` needs it, and the slim
 * Docker image leaves it out (Dockerfile, `WITH_BAILEYS`). When it is not installed the channel stops with an error
 * that says how to get it, instead of Node's "Cannot find package".
 */
export type BaileysLib = typeof import('@whiskeysockets/baileys')

/** The exact version the project is tested with (package.json `optionalDependencies`). */
export const BAILEYS_VERSION = '7.0.0-rc14'

export class BaileysMissingError extends Error {
  constructor(cause: unknown) {
    super(
      'WHATSAPP_MODE=baileys needs the optional package @whiskeysockets/baileys, which is not installed here ' +
        '(the slim Docker image leaves it out). Either build the image with `--build-arg WITH_BAILEYS=true` ' +
        `(or run \`npm install --no-save @whiskeysockets/baileys@${BAILEYS_VERSION}\` in a source checkout), ` +
        'or use the official WhatsApp Cloud API: WHATSAPP_MODE=cloud (docs/whatsapp.md).',
      { cause },
    )
    this.name = 'BaileysMissingError'
  }
}

/** Imports Baileys; `importer` is for tests. Throws `BaileysMissingError` when the package is not installed. */
export async function loadBaileys(importer: () => Promise<BaileysLib> = () => import('@whiskeysockets/baileys')): Promise<BaileysLib> {
  try {
    return await importer()
  } catch (error) {
    if (isMissingBaileys(error)) throw new BaileysMissingError(error)
    throw error
  }
}

/** Node's error for a package that is not installed, about Baileys itself (not a module Baileys fails to find). */
function isMissingBaileys(error: unknown): boolean {
  if (!(error instanceof Error)) return false
  const code = (error as { code?: unknown }).code
  if (code !== 'ERR_MODULE_NOT_FOUND' && code !== 'MODULE_NOT_FOUND') return false
  return /['"]@whiskeysockets\/baileys['"]/.test(error.message)
}
