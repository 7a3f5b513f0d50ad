/**
 * The Electron main process, kept thin: it starts the same host as `serve`
 * (on 127.0.0.1 only, a free port) and opens one window on it, locked down:
 * context isolation and the sandbox on, no Node in the page, navigation and
 * new windows refused. Everything else lives behind the host.
 */
import { BrowserWindow, app, shell } from 'electron';
import { startHost } from '../host/server.js';
import { rendererDir } from '../host/paths.js';

async function openWindow(): Promise<void> {
  const host = await startHost({ port: 0, host: '127.0.0.1', staticDir: rendererDir() });
  const origin = new URL(host.url).origin;
  const win = new BrowserWindow({
    width: 1280,
    height: 800,
    minWidth: 1024,
    minHeight: 640,
    title: 'Backprop Arena',
    backgroundColor: '#101820',
    webPreferences: {
      contextIsolation: true,
      nodeIntegration: false,
      sandbox: true,
      webSecurity: true,
    },
  });
  win.webContents.on('will-navigate', (event, url) => {
    if (new URL(url).origin !== origin) event.preventDefault();
  });
  win.webContents.setWindowOpenHandler(({ url }) => {
    // Links to the outside open in the system browser, never in the app.
    if (url.startsWith('https://')) void shell.openExternal(url);
    return { action: 'deny' };
  });
  app.on('before-quit', () => void host.close());
  await win.loadURL(host.url);
}

app.enableSandbox();
app.whenReady().then(openWindow, (err) => {
  console.error(`Backprop Arena could not start: ${(err as Error).message}`);
  app.exit(1);
});
app.on('window-all-closed', () => app.quit());
app.on('web-contents-created', (_event, contents) => {
  contents.on('will-attach-webview', (event) => event.preventDefault());
});
