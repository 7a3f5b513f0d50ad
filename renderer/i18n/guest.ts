/**
 * Words for a guest's page: a student's browser that opened the address
 * of the computer hosting a race, where only the race can be joined.
 */
export const guestEn = {
  'guest.hint': 'With the join code on the teacher’s screen',
  'guest.note':
    'This page comes from the computer hosting the race, so here you can join its race. The sandbox, lessons and challenges are in Backprop Arena on your own computer.',
} as const;

export const guestJa: { readonly [K in keyof typeof guestEn]: string } = {
  'guest.hint': '先生の画面に出ている参加コードで',
  'guest.note':
    'このページはレースを開いているコンピューターから届いています。ここではそのレースに参加できます。サンドボックス・レッスン・チャレンジは、自分のコンピューターの Backprop Arena で遊べます。',
};
