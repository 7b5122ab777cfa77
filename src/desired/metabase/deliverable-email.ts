/** Deliberately strict: one address, no display name, a dot in the domain. */
const emailPattern = /^[a-z0-9.!#$%&'*+/=?^_`{|}~-]+@[a-z0-9-]+(\.[a-z0-9-]+)+$/i;

export function isDeliverableEmail(address: string): boolean {
  return emailPattern.test(address);
}
