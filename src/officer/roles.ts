/**
 * Officer roles, weakest first. A page or route names the weakest role that may use it; stronger roles may too.
 *
 * - `viewer`: counts and tables without personal data (no names, phone numbers, user keys, transcripts); no export,
 *   no deletion.
 * - `officer`: everything a viewer sees plus personal data, CSV/XLSX export, deletion with a reason, the handoff inbox.
 * - `admin`: everything an officer does plus managing officer accounts.
 */
export const ROLES = ['viewer', 'officer', 'admin'] as const
export type Role = (typeof ROLES)[number]

/** Whether `role` may do what `needed` may. */
export function hasRole(role: Role, needed: Role): boolean {
  return ROLES.indexOf(role) >= ROLES.indexOf(needed)
}

export function isRole(value: unknown): value is Role {
  return typeof value === 'string' && (ROLES as readonly string[]).includes(value)
}
