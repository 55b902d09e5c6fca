// A file dropped anywhere but a card (the header, a gap between cards, a dialog's backdrop) would make the browser
// open it in place of the console, losing the page. Drags of files that nothing took are refused instead.
import { useEffect } from 'react';

function carriesFiles(e: DragEvent): boolean {
  return Array.from(e.dataTransfer?.types ?? []).includes('Files');
}

export function useStrayDropGuard(): void {
  useEffect(() => {
    // Bubble phase on window: React's handlers (on the root) have had their say, and a card that took the drag
    // has already called preventDefault.
    const onDragOver = (e: DragEvent) => {
      if (e.defaultPrevented || !carriesFiles(e)) return;
      e.preventDefault();
      if (e.dataTransfer) e.dataTransfer.dropEffect = 'none';
    };
    const onDrop = (e: DragEvent) => {
      if (!e.defaultPrevented && carriesFiles(e)) e.preventDefault();
    };
    window.addEventListener('dragover', onDragOver);
    window.addEventListener('drop', onDrop);
    return () => {
      window.removeEventListener('dragover', onDragOver);
      window.removeEventListener('drop', onDrop);
    };
  }, []);
}
