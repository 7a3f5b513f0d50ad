/**
 * Whether this page is a guest's: opened from another computer on the LAN
 * (a student joining the race a teacher hosts) rather than on the host
 * computer itself. A guest may only join the hosted race; progress and
 * settings stay with the player at the host computer, and a guest's
 * settings stay in this browser (app/host/loopback.ts is the host's side).
 */
export function isGuest(hostname: string = location.hostname): boolean {
  const name = hostname.replace(/^\[|\]$/g, '').toLowerCase();
  return !(name === 'localhost' || name === '::1' || /^127\./.test(name) || name.endsWith('.localhost'));
}
