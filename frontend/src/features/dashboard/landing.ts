/** Role-based landing: a user whose only role is grassroots_chair works in the /chair phone app. */
export function landingPath(roles: readonly string[]): '/chair' | null {
  return roles.length > 0 && roles.every((r) => r === 'grassroots_chair') ? '/chair' : null;
}
