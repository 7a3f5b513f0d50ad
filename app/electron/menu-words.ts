/**
 * The words of the desktop menus and dialogs, in English and Japanese. The
 * Japanese dictionary is typed to have exactly the English keys.
 */
const en = {
  file: '&File',
  openNetwork: 'Open Network…',
  saveNetwork: 'Save Network…',
  exportScreenshot: 'Export Screenshot…',
  quit: 'Quit',
  quitApp: 'Quit Backprop Arena',
  view: '&View',
  fullScreen: 'Full Screen',
  zoomIn: 'Zoom In',
  zoomOut: 'Zoom Out',
  actualSize: 'Actual Size',
  reducedMotion: 'Reduced Motion',
  devTools: 'Developer Tools',
  reload: 'Reload',
  window: 'Window',
  minimize: 'Minimize',
  zoom: 'Zoom',
  front: 'Bring All to Front',
  edit: 'Edit',
  undo: 'Undo',
  redo: 'Redo',
  cut: 'Cut',
  copy: 'Copy',
  paste: 'Paste',
  selectAll: 'Select All',
  help: '&Help',
  about: 'About Backprop Arena',
  article: 'The Article: Training a Network by Backpropagation',
  services: 'Services',
  hide: 'Hide Backprop Arena',
  hideOthers: 'Hide Others',
  showAll: 'Show All',
  // Dialogs
  networkFilter: 'Backprop Arena network',
  pngFilter: 'PNG image',
  csvFilter: 'CSV table',
  saveNetworkTitle: 'Save network',
  openNetworkTitle: 'Open network',
  exportScreenshotTitle: 'Export screenshot',
  exportCsvTitle: 'Export results',
  aboutDetail: 'Version {version}\nA game that teaches how a neural network learns by backpropagation, after the article by M. Bernacki and P. Włodarczyk.',
  ok: 'OK',
};

export type MenuWord = keyof typeof en;

const ja: Record<MenuWord, string> = {
  file: 'ファイル(&F)',
  openNetwork: 'ネットワークを開く…',
  saveNetwork: 'ネットワークを保存…',
  exportScreenshot: 'スクリーンショットを書き出す…',
  quit: '終了',
  quitApp: 'Backprop Arena を終了',
  view: '表示(&V)',
  fullScreen: 'フルスクリーン',
  zoomIn: '拡大',
  zoomOut: '縮小',
  actualSize: '実際のサイズ',
  reducedMotion: '動きを減らす',
  devTools: '開発者ツール',
  reload: '再読み込み',
  window: 'ウインドウ',
  minimize: 'しまう',
  zoom: '拡大/縮小',
  front: 'すべてを手前に移動',
  edit: '編集',
  undo: '取り消す',
  redo: 'やり直す',
  cut: '切り取り',
  copy: 'コピー',
  paste: '貼り付け',
  selectAll: 'すべてを選択',
  help: 'ヘルプ(&H)',
  about: 'Backprop Arena について',
  article: '元になった記事:誤差逆伝播法によるネットワークの学習',
  services: 'サービス',
  hide: 'Backprop Arena を隠す',
  hideOthers: 'ほかを隠す',
  showAll: 'すべてを表示',
  networkFilter: 'Backprop Arena のネットワーク',
  pngFilter: 'PNG 画像',
  csvFilter: 'CSV 表',
  saveNetworkTitle: 'ネットワークを保存',
  openNetworkTitle: 'ネットワークを開く',
  exportScreenshotTitle: 'スクリーンショットを書き出す',
  exportCsvTitle: '結果を書き出す',
  aboutDetail: 'バージョン {version}\nM. Bernacki と P. Włodarczyk の記事をもとに、ニューラルネットワークが誤差逆伝播法で学習するしくみを遊びながら学ぶゲームです。',
  ok: 'OK',
};

export type MenuLanguage = 'en' | 'ja';

export const MENU_WORDS: Record<MenuLanguage, Record<MenuWord, string>> = { en, ja };

/** A word in a language, with {name} filled in; on macOS the &-mnemonics are dropped. */
export function word(language: MenuLanguage, key: MenuWord, params: Record<string, string> = {}, mnemonics = true): string {
  let text = MENU_WORDS[language][key].replace(/\{(\w+)\}/g, (_, name: string) => params[name] ?? `{${name}}`);
  if (!mnemonics) text = text.replace(/\(&\w\)$/, '').replace(/&/g, '');
  return text;
}
