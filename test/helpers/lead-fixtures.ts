import type { Lead } from '../../src/engine/types.ts'

/** A made-up lead for tests; override what the test is about. */
export function makeLead(overrides: Partial<Lead> = {}): Lead {
  return {
    id: 'lead-1',
    ref: 'MA-7K3F9Q',
    userKey: 'whatsapp:6281234567890@s.whatsapp.net',
    channel: 'whatsapp',
    createdAt: '2025-12-01T08:00:00.000Z',
    updatedAt: '2025-12-01T08:00:00.000Z',
    lang: 'id',
    name: 'Siti Rahayu',
    phone: '+6281234567890',
    age: 21,
    province: '32',
    regency: '32.04',
    education: 'sma_smk',
    interests: ['welding', 'japanese'],
    destination: 'japan',
    consentAt: '2025-12-01T07:58:00.000Z',
    ...overrides,
  }
}
