/**
 * Whether a connection comes from this computer itself. The player at the
 * host computer owns its progress and settings and may host races; a
 * browser elsewhere on the LAN (a student's, while a race is hosted) may
 * only join the race.
 */
export function isLoopbackAddress(address: string | undefined): boolean {
  return !!address && (address === '::1' || address.startsWith('127.') || address.startsWith('::ffff:127.'));
}
