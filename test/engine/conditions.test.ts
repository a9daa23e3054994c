import { describe, expect, it } from 'vitest'
import { Condition, ConditionError } from '../../src/engine/conditions.ts'

const values: Record<string, unknown> = { age: 17, consent: true, destination: 'sa', interests: ['welding', 'japanese'], name: 'Ani', empty: '' }
const run = (source: string): boolean => Condition.parse(source).evaluate((n) => values[n.replace(/^answers\./, '')] as never)

describe('condition language', () => {
  it('compares numbers and words', () => {
    expect(run('age < 18')).toBe(true)
    expect(run('age >= 18')).toBe(false)
    expect(run('answers.age == 17')).toBe(true)
    expect(run('consent == yes')).toBe(true)
    expect(run('consent == no')).toBe(false)
    expect(run('name == "ani"')).toBe(true)
  })
  it('supports in, contains, is set / is empty, and/or/not with parentheses', () => {
    expect(run('destination in [sa, ae, qa]')).toBe(true)
    expect(run('interests contains welding')).toBe(true)
    expect(run('interests contains mining')).toBe(false)
    expect(run('name is set and empty is empty')).toBe(true)
    expect(run('missing is set')).toBe(false)
    expect(run('not (age < 18 or consent == no) or destination == sa')).toBe(true)
    expect(run('not (age < 18 or consent == no)')).toBe(false)
  })
  it('treats a missing value as false for ordering comparisons', () => {
    expect(run('missing < 18')).toBe(false)
    expect(run('missing > 18')).toBe(false)
  })
  it('reports where a condition is wrong, never running code', () => {
    expect(() => Condition.parse('age <')).toThrow(ConditionError)
    expect(() => Condition.parse('age < 18 consent == yes')).toThrow(/join conditions with "and" or "or"/)
    expect(() => Condition.parse('process.exit()')).toThrow(ConditionError)
    try {
      Condition.parse('age ~ 3')
    } catch (error) {
      expect((error as ConditionError).offset).toBe(4)
    }
  })
  it('lists the names it reads', () => {
    expect(Condition.parse('age < 18 and (consent == yes or user.channel == whatsapp)').names()).toEqual(['age', 'consent', 'user.channel'])
  })
})
