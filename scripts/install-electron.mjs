// `postinstall`: fetches Electron's binary for the desktop window, where it can be downloaded. npm does not run
// electron's own install script (package.json allowScripts says `electron: false`): when GitHub is out of reach it
// fails the whole install after a stack trace. Here a failure is one line, and the install goes on: `npm start` and
// `npm run demo` then serve the same console for a browser and print its address. `npm run postinstall` tries the
// download again.
// Plain JavaScript: it runs before anything is built.
import { spawn } from 'node:child_process';
import { existsSync } from 'node:fs';
import { createRequire } from 'node:module';

// The download is about 100 MB; past this, a link that slow is better served by the browser console for now.
const CEILING_MS = 5 * 60_000;
const BROWSER = '`npm start` and `npm run demo` serve the console for your browser instead and print the address to open';

function say(line) {
  process.stdout.write(`${line}\n`);
}

function electronInstallScript() {
  try {
    return createRequire(import.meta.url).resolve('electron/install.js');
  } catch {
    return null;
  }
}

/** The line of electron's output that says why, without the stack trace under it. */
function reason(output) {
  const lines = output
    .split('\n')
    .map((l) => l.trim())
    .filter(Boolean);
  const found = lines.find((l) => /^(Request)?Error\b|\bE[A-Z]{3,}\b|\bHTTPError\b/.test(l)) ?? lines[0] ?? 'no reason given';
  const why = found.replace(/^[A-Za-z]*Error: /, '');
  return why.length > 160 ? `${why.slice(0, 157)}…` : why;
}

function runInstall(script) {
  return new Promise((resolve) => {
    const child = spawn(process.execPath, [script], { stdio: ['ignore', 'pipe', 'pipe'] });
    let output = '';
    child.stdout.on('data', (chunk) => (output += chunk));
    child.stderr.on('data', (chunk) => (output += chunk));
    const timer = setTimeout(() => {
      child.kill('SIGTERM');
      resolve({ ok: false, why: `no answer within ${CEILING_MS / 60_000} minutes` });
    }, CEILING_MS);
    child.once('error', (err) => {
      clearTimeout(timer);
      resolve({ ok: false, why: err.message });
    });
    child.once('exit', (code) => {
      clearTimeout(timer);
      resolve(code === 0 ? { ok: true } : { ok: false, why: reason(output) });
    });
  });
}

/** True when electron's binary is already in place (a second install, or one from npm's own run of the script). */
function electronInstalled() {
  try {
    const binary = createRequire(import.meta.url)('electron');
    return typeof binary === 'string' && existsSync(binary);
  } catch {
    return false;
  }
}

const script = electronInstallScript();
if (!script || electronInstalled()) {
  // No electron package (`npm install --omit=dev`: no desktop app wanted), or nothing left to download.
  process.exit(0);
}
if (process.env.ELECTRON_SKIP_BINARY_DOWNLOAD) {
  say(`Fieldlink: no desktop window (ELECTRON_SKIP_BINARY_DOWNLOAD is set); ${BROWSER}.`);
  process.exit(0);
}
const result = await runInstall(script);
if (!result.ok) {
  say(`Fieldlink: the desktop window is unavailable here (Electron's download failed: ${result.why}); ${BROWSER}. \`npm run postinstall\` tries again.`);
}
