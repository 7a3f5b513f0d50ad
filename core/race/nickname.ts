/**
 * Nickname rules for a race. A nickname is shown on the projector to a
 * whole class, so it is short, plain text (letters of any script, digits,
 * spaces and a few marks), and unique in the race regardless of case or
 * width (ＡＢ and ab clash). The screens always show it as text, never as
 * markup; these rules keep it readable, not safe — safety is the screens'.
 */
export const NICKNAME_MAX = 16;

export type NicknameProblem = 'empty' | 'tooLong' | 'characters' | 'taken';

export type NicknameCheck = { ok: true; nickname: string; key: string } | { ok: false; problem: NicknameProblem };

/** Letters and digits of any script, combining marks, space, and - _ . ' */
const ALLOWED = /^[\p{L}\p{M}\p{N} _.'-]+$/u;

/** The form two nicknames are compared in: NFKC, lower case, single spaces. */
export function nicknameKey(nickname: string): string {
  return nickname.normalize('NFKC').toLowerCase().replace(/\s+/g, ' ').trim();
}

/**
 * Checks a typed nickname against the rules and the nicknames already
 * taken in the race (given as their keys). Returns the nickname to show
 * (trimmed, runs of spaces made one) and its key, or what is wrong.
 */
export function checkNickname(typed: string, taken: ReadonlySet<string>): NicknameCheck {
  const nickname = typed.normalize('NFC').replace(/\s+/g, ' ').trim();
  if (nickname.length === 0) return { ok: false, problem: 'empty' };
  if ([...nickname].length > NICKNAME_MAX) return { ok: false, problem: 'tooLong' };
  if (!ALLOWED.test(nickname)) return { ok: false, problem: 'characters' };
  const key = nicknameKey(nickname);
  if (taken.has(key)) return { ok: false, problem: 'taken' };
  return { ok: true, nickname, key };
}

/** One sentence per problem, for the host's refusals (the screens translate by problem). */
export const NICKNAME_PROBLEMS: Record<NicknameProblem, string> = {
  empty: 'type a nickname',
  tooLong: `a nickname has at most ${NICKNAME_MAX} characters; shorten it`,
  characters: "a nickname may hold letters, digits, spaces and - _ . ' only",
  taken: 'someone in this race already has that nickname; pick another',
};
