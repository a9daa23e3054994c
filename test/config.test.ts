import { describe, expect, it } from 'vitest'
import { ConfigError, loadConfig } from '../src/config.ts'

describe('config', () => {
  it('has defaults that need no services', () => {
    const config = loadConfig({})
    expect(config).toMatchObject({ FLOWS_DIR: './flows', CONTENT_DIR: './content', DATA_DIR: './data', LOG_LEVEL: 'info', PORT: 8080, WHATSAPP_MODE: 'off' })
    expect(config.REDIS_URL).toBeUndefined()
  })
  it('names the variable and the accepted values when a value is wrong', () => {
    expect(() => loadConfig({ LOG_LEVEL: 'loud' })).toThrow(ConfigError)
    expect(() => loadConfig({ LOG_LEVEL: 'loud' })).toThrow(/LOG_LEVEL must be one of: fatal, error, warn, info, debug, trace, silent/)
    expect(() => loadConfig({ PORT: 'eighty' })).toThrow(/PORT must be a whole number/)
    expect(() => loadConfig({ WHATSAPP_MODE: 'web' })).toThrow(/WHATSAPP_MODE must be one of: off, baileys, cloud/)
    expect(() => loadConfig({ REDIS_URL: 'localhost' })).toThrow(/REDIS_URL must be a full address like redis:\/\/127.0.0.1:6379/)
    expect(() => loadConfig({ ADMIN_TELEGRAM_IDS: '123,abc' })).toThrow(/ADMIN_TELEGRAM_IDS must be numeric/)
  })
  it('requires the webhook secret with a webhook URL, and the Cloud API settings in cloud mode', () => {
    expect(() => loadConfig({ TELEGRAM_WEBHOOK_URL: 'https://bot.example.org/webhooks/telegram' })).toThrow(/TELEGRAM_WEBHOOK_SECRET is required/)
    expect(() => loadConfig({ WHATSAPP_MODE: 'cloud' })).toThrow(/WHATSAPP_ACCESS_TOKEN is required when WHATSAPP_MODE=cloud/)
  })
  it('reads the console settings: on, off, or unset (on when an officer account exists)', () => {
    expect(loadConfig({}).CONSOLE_ENABLED).toBeUndefined()
    expect(loadConfig({ CONSOLE_ENABLED: 'true' }).CONSOLE_ENABLED).toBe(true)
    expect(loadConfig({ CONSOLE_ENABLED: '0' }).CONSOLE_ENABLED).toBe(false)
    expect(loadConfig({}).CONSOLE_IDLE_MINUTES).toBe(30)
    expect(() => loadConfig({ CONSOLE_ENABLED: 'yes' })).toThrow(/CONSOLE_ENABLED must be true or false/)
  })
  it('parses admin ids', () => {
    expect(loadConfig({ ADMIN_TELEGRAM_IDS: '123, 456' }).ADMIN_TELEGRAM_IDS).toEqual(['123', '456'])
  })
  it('reads the officer settings of human handoff, with clear errors', () => {
    const token = 'a'.repeat(24)
    const config = loadConfig({ TELEGRAM_BOT_TOKEN: '1:x', OFFICER_TELEGRAM_CHAT_ID: '-1001234567890', OFFICER_API_TOKENS: `rina:${token}, budi.s:${token}b`, HANDOFF_REMIND_MINUTES: '15' })
    expect(config.OFFICER_TELEGRAM_CHAT_ID).toBe(-1001234567890)
    expect(config.OFFICER_API_TOKENS).toEqual([{ officer: 'rina', token }, { officer: 'budi.s', token: `${token}b` }])
    expect(config.HANDOFF_REMIND_MINUTES).toBe(15)
    expect(loadConfig({}).OFFICER_API_TOKENS).toEqual([])
    expect(loadConfig({}).HANDOFF_REMIND_MINUTES).toBe(30)
    expect(() => loadConfig({ TELEGRAM_BOT_TOKEN: '1:x', OFFICER_TELEGRAM_CHAT_ID: 'petugas' })).toThrow(/OFFICER_TELEGRAM_CHAT_ID must be the numeric id of the officers' Telegram group/)
    expect(() => loadConfig({ OFFICER_TELEGRAM_CHAT_ID: '-100123' })).toThrow(/OFFICER_TELEGRAM_CHAT_ID needs TELEGRAM_BOT_TOKEN/)
    expect(() => loadConfig({ OFFICER_API_TOKENS: 'rina:short' })).toThrow(/OFFICER_API_TOKENS has a token for "rina" shorter than 24 characters/)
    expect(() => loadConfig({ OFFICER_API_TOKENS: token })).toThrow(/OFFICER_API_TOKENS must be officerId:token pairs/)
    expect(() => loadConfig({ OFFICER_API_TOKENS: `rina:${token},rina:${token}x` })).toThrow(/names officer "rina" twice/)
    expect(() => loadConfig({ HANDOFF_REMIND_MINUTES: '0' })).toThrow(/HANDOFF_REMIND_MINUTES must be a whole number above 0/)
  })
})
