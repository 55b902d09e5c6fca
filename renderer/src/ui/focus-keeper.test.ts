// @vitest-environment jsdom
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { installFocusKeeper } from './focus-keeper';

let stop: () => void;

/** MutationObserver callbacks run as a microtask after the change. */
const settle = () => new Promise<void>((resolve) => setTimeout(resolve, 0));

function cardWith(id: string, label: string): { card: HTMLElement; button: HTMLButtonElement } {
  const card = document.createElement('div');
  card.setAttribute('data-host-card', id);
  card.tabIndex = 0;
  const button = document.createElement('button');
  button.textContent = label;
  card.append(button);
  document.body.append(card);
  return { card, button };
}

function dialogWithInput(): HTMLElement {
  const dialog = document.createElement('div');
  dialog.setAttribute('role', 'dialog');
  const input = document.createElement('input');
  dialog.append(input);
  document.body.append(dialog);
  input.focus();
  return dialog;
}

beforeEach(() => {
  document.body.innerHTML = '';
  stop = installFocusKeeper();
});
afterEach(() => stop());

describe('the focus keeper', () => {
  it("puts the focus on the host's card when the focused control goes away (Make leader replaced by the leader's panel)", async () => {
    const { card, button } = cardWith('edge-1', 'Make leader');
    button.focus();
    button.remove();
    await settle();
    expect(document.activeElement).toBe(card);
  });

  it('gives the focus back to the control that opened a dialog removed on close', async () => {
    const { button } = cardWith('edge-2', 'Link this device to another');
    button.focus();
    const dialog = dialogWithInput();
    dialog.remove();
    await settle();
    expect(document.activeElement).toBe(button);
  });

  it("falls back to the opener's card when the dialog's action removed the opener too (Unlink on a follower)", async () => {
    const { card, button } = cardWith('edge-3', 'Unlink');
    button.focus();
    const dialog = dialogWithInput();
    button.remove();
    dialog.remove();
    await settle();
    expect(document.activeElement).toBe(card);
  });

  it('falls back to the first card when the opener is gone and was in no card (Review new certificates, all trusted)', async () => {
    const { card } = cardWith('edge-7', 'Make leader');
    const review = document.createElement('button');
    document.body.prepend(review);
    review.focus();
    const dialog = dialogWithInput();
    review.remove();
    dialog.remove();
    await settle();
    expect(document.activeElement).toBe(card);
  });

  it('leaves the focus alone while a dialog is open, and where the technician put it', async () => {
    const { button } = cardWith('edge-4', 'Copy');
    const other = cardWith('edge-5', 'Upload');
    button.focus();
    const dialog = dialogWithInput();
    const input = dialog.querySelector('input')!;
    const extra = document.createElement('button');
    dialog.append(extra);
    extra.focus();
    extra.remove();
    await settle();
    // Inside an open dialog its own focus handling decides: the keeper does not pull the focus out of it.
    expect(dialog.contains(document.activeElement) || document.activeElement === document.body).toBe(true);
    input.focus();
    dialog.remove();
    await settle();
    expect(document.activeElement).toBe(button);
    other.button.focus();
    cardWith('edge-6', 'New card');
    await settle();
    expect(document.activeElement).toBe(other.button);
  });
});
