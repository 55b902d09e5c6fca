// Keeps the keyboard focus on the page when what held it goes away. A keyboard-only walk of link-hosts.md lost the
// focus to the page's top after nearly every step: a dialog that unmounts on close (Add host, Site credentials, Link,
// a pasted token, Upload) took the focus with it, and so did a control its own action removed (Make leader turns the
// card into a leader's; Unlink turns a follower's into a standalone's; an unlinked row leaves the leader's table).
// The next Tab then started from the top of the window. Now the focus goes back to the control that opened the
// dialog or menu when it is still there, else to the card of the host it was about, else to the first card.

interface Spot {
  el: HTMLElement;
  /** The host card it was in, so the card can take the focus once the control is gone. */
  cardId: string | null;
  /** In a dialog, a menu or a portal: its opener is the place to go back to. */
  overlay: boolean;
}

const OVERLAY = '[data-portal], [role="dialog"], [role="menu"], [role="listbox"]';

function spotOf(el: HTMLElement): Spot {
  return { el, cardId: el.closest('[data-host-card]')?.getAttribute('data-host-card') ?? null, overlay: el.closest(OVERLAY) !== null };
}

function usable(el: HTMLElement | null | undefined): el is HTMLElement {
  return Boolean(el?.isConnected) && !el!.matches(':disabled') && el!.closest('[inert], [aria-hidden="true"]') === null;
}

/** Starts keeping the focus; returns the function that stops it. */
export function installFocusKeeper(doc: Document = document): () => void {
  let last: Spot | null = null;
  let opener: Spot | null = null;

  const onFocusIn = (e: FocusEvent) => {
    if (!(e.target instanceof HTMLElement)) return;
    last = spotOf(e.target);
    if (!last.overlay) opener = last;
  };

  // Compared, not put in a selector: an id is the host's own text until its agent id is known.
  const card = (id: string | null) => (id ? ([...doc.querySelectorAll<HTMLElement>('[data-host-card]')].find((c) => c.dataset.hostCard === id) ?? null) : null);

  const restore = () => {
    const active = doc.activeElement;
    if (!last || last.el.isConnected || (active && active !== doc.body)) return;
    // A dialog still open keeps the focus inside itself (its focus trap moves it); ours is for after it is gone.
    if (doc.querySelector('[role="dialog"]')) return;
    const from = last.overlay ? opener : last;
    // The first card when the opener went and was in none (Review new certificates, gone once all are trusted).
    const target = from && usable(from.el) ? from.el : (card(from?.cardId ?? null) ?? doc.querySelector<HTMLElement>('[data-host-card]'));
    // Without scrolling: on a long site a focused card also goes when its rows scroll out of view, and the page must
    // not jump back to wherever the focus lands.
    target?.focus({ preventScroll: true });
  };

  doc.addEventListener('focusin', onFocusIn);
  // A removed element takes the focus without any event: the DOM change is the only sign of it.
  const observer = new MutationObserver(restore);
  observer.observe(doc.body, { childList: true, subtree: true });
  return () => {
    doc.removeEventListener('focusin', onFocusIn);
    observer.disconnect();
  };
}
