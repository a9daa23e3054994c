/**
 * Configuration from environment variables, parsed by one zod schema with defaults. A wrong value stops
 * start-up with a sentence that names the variable and the accepted values.
 */
import { z } from 'zod'
import { LOG_LEVELS } from './logger.ts'
import { parseOrigins } from './channels/web/origins.ts'

const optionalText = z
  .string()
  .optional()
  .transform((v) => (v === undefined || v.trim() === '' ? undefined : v.trim()))

const positiveInt = (fallback: number) =>
  z
    .string()
    .optional()
    .transform((v, ctx) => {
      if (v === undefined || v.trim() === '') return fallback
      const n = Number(v)
      if (!Number.isInteger(n) || n <= 0) {
        ctx.addIssue({ code: 'custom', message: `must be a whole number above 0 (got "${v}")` })
        return z.NEVER
      }
      return n
    })

const url = (what: string) =>
  optionalText.refine((v) => v === undefined || /^[a-z][a-z0-9+.-]*:\/\/\S+$/i.test(v), {
    message: `must be a full address like ${what}`,
  })

/** `host:port,host:port` → list; throws a `RangeError` naming the bad entry. */
export function parseHostPorts(text: string, defaultPort: number): Array<{ host: string; port: number }> {
  return text
    .split(/[\s,]+/)
    .filter(Boolean)
    .map((entry) => {
      const match = /^(\[[^\]]+\]|[^:]+)(?::(\d{1,5}))?$/.exec(entry)
      const port = match?.[2] === undefined ? defaultPort : Number(match[2])
      if (!match || port < 1 || port > 65535) throw new RangeError(`"${entry}" is not host:port`)
      return { host: match[1]!.replace(/^\[|\]$/g, ''), port }
    })
}

/** `host:port,host:port` (port optional); empty or absent: none. */
const hostPorts = (defaultPort: number) =>
  optionalText.transform((v, ctx) => {
    if (v === undefined) return undefined
    try {
      return parseHostPorts(v, defaultPort)
    } catch (error) {
      ctx.addIssue({ code: 'custom', message: `must be host:port pairs separated by commas (${(error as Error).message})` })
      return z.NEVER
    }
  })

/** An officer's id and API token (`OFFICER_API_TOKENS=rina:token1,budi:token2`). */
export interface OfficerToken {
  officer: string
  token: string
}

/** Shortest officer API token accepted: a guessable token would open every case. */
export const MIN_OFFICER_TOKEN_LENGTH = 24

function parseOfficerTokens(value: string | undefined, ctx: z.RefinementCtx): OfficerToken[] {
  if (value === undefined) return []
  const tokens: OfficerToken[] = []
  for (const pair of value.split(/[\s,]+/).filter(Boolean)) {
    const at = pair.indexOf(':')
    const officer = pair.slice(0, at)
    const token = pair.slice(at + 1)
    if (at <= 0 || !/^[A-Za-z0-9._-]{1,64}$/.test(officer)) {
      ctx.addIssue({ code: 'custom', message: 'must be officerId:token pairs separated by commas, e.g. rina:<random token>; the officer id uses A-Z, a-z, 0-9, . _ -' })
      return []
    }
    if (token.length < MIN_OFFICER_TOKEN_LENGTH || /[\s,]/.test(token)) {
      ctx.addIssue({ code: 'custom', message: `has a token for "${officer}" shorter than ${MIN_OFFICER_TOKEN_LENGTH} characters; make one with: openssl rand -hex 24` })
      return []
    }
    if (tokens.some((t) => t.officer === officer)) {
      ctx.addIssue({ code: 'custom', message: `names officer "${officer}" twice; give each officer one token` })
      return []
    }
    tokens.push({ officer, token })
  }
  return tokens
}

const envSchema = z
  .object({
    FLOWS_DIR: z.string().default('./flows'),
    CONTENT_DIR: z.string().default('./content'),
    DATA_DIR: z.string().default('./data'),
    // Trained classifier weights (src/content/model-cache.ts); unset: DATA_DIR/model-cache. Processes may share one.
    MODEL_CACHE_DIR: optionalText,
    REDIS_URL: url('redis://127.0.0.1:6379'),
    // Redis through Sentinel or Cluster instead of one server (docs/operations.md, "Redis Sentinel and Cluster").
    REDIS_SENTINELS: hostPorts(26379),
    REDIS_SENTINEL_MASTER: z.string().default('mymaster'),
    REDIS_SENTINEL_PASSWORD: optionalText,
    REDIS_CLUSTER_NODES: hostPorts(6379),
    REDIS_PASSWORD: optionalText,
    REDIS_TLS: z
      .enum(['true', 'false', '1', '0', ''], { error: 'must be true or false' })
      .optional()
      .transform((v) => v === 'true' || v === '1'),
    LOG_LEVEL: z
      .string()
      .default('info')
      .transform((v) => v.toLowerCase())
      .pipe(z.enum(LOG_LEVELS, { error: `must be one of: ${LOG_LEVELS.join(', ')}` })),
    PORT: positiveInt(8080).refine((n) => n < 65536, { message: 'must be a port number from 1 to 65535' }),
    // The operations listener: detailed /readyz and /metrics (docs/operations.md). Loopback only by default.
    METRICS_PORT: positiveInt(9464).refine((n) => n < 65536, { message: 'must be a port number from 1 to 65535' }),
    METRICS_HOST: z.string().default('127.0.0.1'),
    // Limits of the public listener (src/http/server.ts).
    HTTP_REQUEST_TIMEOUT_MS: positiveInt(10_000),
    HTTP_HEADERS_TIMEOUT_MS: positiveInt(5_000),
    HTTP_IDLE_TIMEOUT_MS: positiveInt(10_000),
    HTTP_BODY_LIMIT_BYTES: positiveInt(1024 * 1024),
    HTTP_LIMIT_PER_IP_PER_MINUTE: positiveInt(1_200),
    HTTP_TRUST_PROXY: optionalText.transform((v) => (v === undefined || v === 'false' ? undefined : v === 'true' ? true : v)),
    // Secret key of the user reference in logs (HMAC); generated into DATA_DIR/log-salt when unset.
    LOG_SALT: optionalText,
    SESSION_TTL_HOURS: positiveInt(72),
    // Unanswered questions last asked longer ago are dropped (privacy; docs: README "Personal data").
    UNANSWERED_MAX_AGE_DAYS: positiveInt(90),
    RATE_LIMIT_PER_MINUTE: positiveInt(30),
    RATE_LIMIT_BURST: positiveInt(8),
    // Published content (content publish): how often each instance re-reads the active version, besides pub/sub.
    CONTENT_POLL_SECONDS: positiveInt(2),
    // Worker threads that run the engine's turns (src/gate/engine-pool.ts); 0: the engine runs in the main thread.
    ENGINE_WORKERS: z
      .string()
      .optional()
      .transform((v, ctx) => {
        if (v === undefined || v.trim() === '') return 0
        const n = Number(v)
        if (!Number.isInteger(n) || n < 0 || n > 64) {
          ctx.addIssue({ code: 'custom', message: `must be a whole number from 0 to 64 (got "${v}")` })
          return z.NEVER
        }
        return n
      }),
    WATCH_CONTENT: z
      .enum(['true', 'false', '1', '0', ''], { error: 'must be true or false' })
      .optional()
      .transform((v) => v !== 'false' && v !== '0'),

    TELEGRAM_BOT_TOKEN: optionalText,
    TELEGRAM_API_ROOT: url('http://127.0.0.1:8081'),
    TELEGRAM_WEBHOOK_URL: url('https://bot.example.org/webhooks/telegram'),
    TELEGRAM_WEBHOOK_SECRET: optionalText.refine((v) => v === undefined || /^[A-Za-z0-9_-]{1,256}$/.test(v), {
      message: 'may use only A-Z, a-z, 0-9, _ and - (1 to 256 characters), as Telegram requires',
    }),
    // /export sends the leads CSV through Telegram's servers: off unless an officer turns it on.
    TELEGRAM_EXPORT_ENABLED: z
      .enum(['true', 'false', '1', '0', ''], { error: 'must be true or false' })
      .optional()
      .transform((v) => v === 'true' || v === '1'),
    ADMIN_TELEGRAM_IDS: optionalText.transform((v, ctx) => {
      if (v === undefined) return [] as string[]
      const ids = v.split(/[\s,]+/).filter(Boolean)
      const bad = ids.find((id) => !/^\d+$/.test(id))
      if (bad) {
        ctx.addIssue({ code: 'custom', message: `must be numeric Telegram user ids separated by commas (got "${bad}")` })
        return z.NEVER
      }
      return ids
    }),

    // Human officers (docs/handoff.md): a Telegram officer group and/or the officer HTTP API.
    OFFICER_TELEGRAM_CHAT_ID: optionalText.transform((v, ctx) => {
      if (v === undefined) return undefined
      if (!/^-?\d{1,20}$/.test(v)) {
        ctx.addIssue({ code: 'custom', message: `must be the numeric id of the officers' Telegram group, e.g. -1001234567890 (got "${v}")` })
        return z.NEVER
      }
      return Number(v)
    }),
    OFFICER_API_TOKENS: optionalText.transform((v, ctx) => parseOfficerTokens(v, ctx)),
    HANDOFF_REMIND_MINUTES: positiveInt(30),

    WHATSAPP_MODE: z
      .string()
      .default('off')
      .transform((v) => v.toLowerCase() || 'off')
      .pipe(z.enum(['off', 'baileys', 'cloud'], { error: 'must be one of: off, baileys, cloud' })),
    WHATSAPP_PAIRING_NUMBER: optionalText.refine((v) => v === undefined || /^\d{8,15}$/.test(v), {
      message: 'must be the phone number in digits with country code, e.g. 6281234567890',
    }),
    WHATSAPP_SESSION: z
      .string()
      .default('default')
      .transform((v) => v.trim() || 'default')
      .pipe(z.string().regex(/^[A-Za-z0-9_-]{1,64}$/, { error: 'may use only A-Z, a-z, 0-9, _ and - (1 to 64 characters)' })),
    WHATSAPP_ACCESS_TOKEN: optionalText,
    WHATSAPP_PHONE_NUMBER_ID: optionalText,
    WHATSAPP_APP_SECRET: optionalText,
    WHATSAPP_VERIFY_TOKEN: optionalText,
    WHATSAPP_API_ROOT: url('https://graph.facebook.com').transform((v) => v ?? 'https://graph.facebook.com'),
    WHATSAPP_API_VERSION: z.string().default('v21.0'),
    // Cloud API messages sent longer ago than this (by their timestamp) are dropped: replayed webhooks.
    WHATSAPP_MAX_MESSAGE_AGE_SECONDS: positiveInt(24 * 3600),

    // The officer console (docs/console.md): on by default when an officer account exists; false turns it off.
    CONSOLE_ENABLED: z
      .enum(['true', 'false', '1', '0', ''], { error: 'must be true or false (or empty: on when an officer account exists)' })
      .optional()
      .transform((v) => (v === 'true' || v === '1' ? true : v === 'false' || v === '0' ? false : undefined)),
    // A console session unused this long ends (the officer logs in again).
    CONSOLE_IDLE_MINUTES: positiveInt(30),

    // The web chat (docs/webchat.md): on when set. Comma-separated origins of the sites that embed it; * for any.
    WEBCHAT_ALLOWED_ORIGINS: optionalText.superRefine((v, ctx) => {
      if (v === undefined) return
      try {
        parseOrigins(v)
      } catch (error) {
        ctx.addIssue({ code: 'custom', message: `must be origins separated by commas, or * (${(error as Error).message})` })
      }
    }),
  })
  .superRefine((env, ctx) => {
    const redisWays = [env.REDIS_URL && 'REDIS_URL', env.REDIS_SENTINELS && 'REDIS_SENTINELS', env.REDIS_CLUSTER_NODES && 'REDIS_CLUSTER_NODES'].filter(Boolean)
    if (redisWays.length > 1) {
      ctx.addIssue({
        code: 'custom',
        path: [String(redisWays[1])],
        message: `cannot be set together with ${redisWays[0]}: give one of REDIS_URL (one server), REDIS_SENTINELS or REDIS_CLUSTER_NODES`,
      })
    }
    if (env.TELEGRAM_WEBHOOK_URL && !env.TELEGRAM_WEBHOOK_SECRET) {
      ctx.addIssue({
        code: 'custom',
        path: ['TELEGRAM_WEBHOOK_SECRET'],
        message: 'is required when TELEGRAM_WEBHOOK_URL is set (a random string of A-Z, a-z, 0-9, _ and -)',
      })
    }
    if (env.OFFICER_TELEGRAM_CHAT_ID !== undefined && !env.TELEGRAM_BOT_TOKEN) {
      ctx.addIssue({ code: 'custom', path: ['OFFICER_TELEGRAM_CHAT_ID'], message: 'needs TELEGRAM_BOT_TOKEN: the bot posts cases to the officer group (docs/handoff.md)' })
    }
    if (env.WHATSAPP_MODE === 'cloud') {
      for (const name of ['WHATSAPP_ACCESS_TOKEN', 'WHATSAPP_PHONE_NUMBER_ID', 'WHATSAPP_APP_SECRET', 'WHATSAPP_VERIFY_TOKEN'] as const) {
        if (!env[name]) ctx.addIssue({ code: 'custom', path: [name], message: 'is required when WHATSAPP_MODE=cloud' })
      }
    }
  })

export type Config = z.output<typeof envSchema>

export class ConfigError extends Error {
  override readonly name = 'ConfigError'
}

/** Parses the environment; throws `ConfigError` listing every wrong variable. */
export function loadConfig(env: NodeJS.ProcessEnv = process.env): Config {
  const result = envSchema.safeParse(env)
  if (result.success) return result.data
  const lines = result.error.issues.map((issue) => `  ${String(issue.path[0] ?? 'environment')} ${issue.message}`)
  throw new ConfigError(`Configuration error:\n${lines.join('\n')}\nFix the variable(s) above (see README, "Configuration") and start again.`)
}
