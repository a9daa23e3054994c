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
  it('parses admin ids', () => {
    expect(loadConfig({ ADMIN_TELEGRAM_IDS: '123, 456' }).ADMIN_TELEGRAM_IDS).toEqual(['123', '456'])
  })
})
