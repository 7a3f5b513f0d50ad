/**
 * Join codes: the few characters a student types to join a race.
 *
 * The alphabet leaves out every character that reads like another on a
 * projector or in a hurried hand: 0/O/D/Q, 1/I/L/J, 2/Z, 5/S, 8/B, U/V,
 * 6/G. The 18 characters left give 18⁵ ≈ 1.9 million codes of five
 * characters, plenty for the races one host runs at a time.
 */
export const JOIN_CODE_ALPHABET = 'ACEFHKMNPRTWXY3479';
export const JOIN_CODE_MIN = 4;
export const JOIN_CODE_MAX = 6;
export const JOIN_CODE_LENGTH = 5;

/**
 * A fresh code. `random` returns numbers in [0, 1) (the host passes a
 * cryptographic source, tests a seeded one).
 */
export function generateJoinCode(random: () => number, length = JOIN_CODE_LENGTH): string {
  let code = '';
  for (let k = 0; k < length; k++) code += JOIN_CODE_ALPHABET[Math.floor(random() * JOIN_CODE_ALPHABET.length)];
  return code;
}

/**
 * What a student typed, as a code: upper case, with spaces and dashes
 * dropped. Null when it cannot be a code (wrong length or a character
 * outside the alphabet), so the screen can say so before asking the host.
 */
export function normalizeJoinCode(typed: string): string | null {
  const code = typed.normalize('NFKC').toUpperCase().replace(/[\s-]+/g, '');
  if (code.length < JOIN_CODE_MIN || code.length > JOIN_CODE_MAX) return null;
  for (const ch of code) if (!JOIN_CODE_ALPHABET.includes(ch)) return null;
  return code;
}
