// Who may call the core over IPC: only the top frame of the console window, showing the app's own page. A frame
// that navigated elsewhere, an iframe, or any other window is refused, whatever channel it found.
import { isOnOrigin } from './navigation';

export interface SenderFacts {
  /** `event.sender.id` (the WebContents that sent the message). */
  webContentsId: number;
  /** `event.senderFrame`; null when the frame is gone or navigated away before the handler ran. */
  frame: { url: string; isTop: boolean } | null;
}

export interface SenderPolicy {
  /** The console window's WebContents id, or null before it exists / after it closed. */
  mainWebContentsId: number | null;
  /** Origins the console page may be served from: the app scheme, or the dev server in development. */
  appOrigins: readonly string[];
}

export type SenderVerdict = { ok: true } | { ok: false; reason: string };

export function checkSender(facts: SenderFacts, policy: SenderPolicy): SenderVerdict {
  if (policy.mainWebContentsId === null || facts.webContentsId !== policy.mainWebContentsId) {
    return { ok: false, reason: 'not the console window' };
  }
  if (!facts.frame) return { ok: false, reason: 'the sending frame is gone' };
  if (!facts.frame.isTop) return { ok: false, reason: 'not the top frame' };
  if (!isOnOrigin(facts.frame.url, policy.appOrigins)) return { ok: false, reason: 'not the app origin' };
  return { ok: true };
}
