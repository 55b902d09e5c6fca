// Copy a leader's token to the clipboard, and take it off the clipboard again after a minute. The token itself is
// held only by this closure until then: it is never put in a store or rendered.
import type { ConsoleApi } from '../../../../shared/contract';
import { attempt, notifyInfo } from '../../ui/notify';

export const CLIPBOARD_CLEAR_MS = 60_000;

async function writeClipboard(text: string): Promise<void> {
  if (navigator.clipboard?.writeText) {
    await navigator.clipboard.writeText(text);
    return;
  }
  // Older shells without the async clipboard API.
  const area = document.createElement('textarea');
  area.value = text;
  area.setAttribute('readonly', '');
  area.style.position = 'fixed';
  area.style.opacity = '0';
  document.body.appendChild(area);
  area.select();
  const ok = document.execCommand('copy');
  area.remove();
  if (!ok) throw new Error('copy refused');
}

async function clearIfStillHolds(token: string): Promise<void> {
  let current: string | null = null;
  try {
    current = await navigator.clipboard.readText();
  } catch {
    // Reading is refused in the desktop shell (and without focus in a browser). A stale one-time token on the
    // clipboard is worse than losing whatever else might be there, so clear it blind.
    current = token;
  }
  if (current === token) await writeClipboard('').catch(() => undefined); // nobody waits on this timer; the token expires on the host anyway
}

export async function copyToken(api: ConsoleApi, hostId: string, leaderName: string): Promise<boolean> {
  const answer = await attempt('Could not read the token', () => api['link.token']({ hostId }));
  if (!answer) return false;
  try {
    await writeClipboard(answer.token);
  } catch {
    notifyInfo('Could not copy the token', 'The clipboard refused the text. Click Copy again with this window focused.', 'red');
    return false;
  }
  const token = answer.token;
  setTimeout(() => void clearIfStillHolds(token), CLIPBOARD_CLEAR_MS); // clearIfStillHolds never rejects
  notifyInfo(
    `Token of ${leaderName} copied`,
    `Valid for ${answer.remainingSec} s more. Paste it under "Link this device to another" on a follower. It leaves the clipboard in a minute.`,
    'green',
  );
  return true;
}
