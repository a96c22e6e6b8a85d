export const ROLES = ['editor', 'reviewer', 'publisher', 'auditor', 'admin'] as const;
export type Role = (typeof ROLES)[number];

/** Whoever issues a command: taken from the verified token, never from the request body. */
export interface Actor {
  readonly id: string;
  readonly name: string;
  readonly roles: readonly Role[];
}

export function hasRole(actor: Actor, role: Role): boolean {
  // admin may do everything a role may do; the four-eyes rule still applies to admins.
  return actor.roles.includes(role) || actor.roles.includes('admin');
}

/**
 * The service itself when it fires a scheduled publication. The publisher who scheduled it is
 * named in the event; this actor only carries out their decision at its time.
 */
export const SCHEDULER: Actor = { id: 'copydesk-scheduler', name: 'Copydesk scheduler', roles: ['publisher'] };
