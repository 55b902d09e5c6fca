// The desktop app's file picker: a hidden <input type=file> opened from a visible, labelled button. Only the
// picked File objects are used, to ask the preload for their paths; their bytes are never read here.
import { useRef, type ReactNode } from 'react';

/** `.zst` and `.gz` cover .tar.zst and .tar.gz: the picker filters on the last extension only. */
export const BUNDLE_ACCEPT = '.zst,.tgz,.gz';

export function useFilePicker(onFiles: (files: File[]) => void, options: { multiple?: boolean; accept?: string } = {}): { input: ReactNode; open(): void } {
  const ref = useRef<HTMLInputElement>(null);
  const input = (
    <input
      ref={ref}
      type="file"
      hidden
      tabIndex={-1}
      aria-hidden
      multiple={options.multiple ?? false}
      accept={options.accept}
      onChange={(e) => {
        const files = Array.from(e.currentTarget.files ?? []);
        // Cleared so picking the same file again (after fixing it on disk) fires a change.
        e.currentTarget.value = '';
        onFiles(files);
      }}
    />
  );
  return { input, open: () => ref.current?.click() };
}
