// The DropTarget slot: files dragged over a card show an overlay, and dropping them starts the upload dialog for
// that host. Only drags carrying Files are taken; anything else (our leader drag, text) passes untouched to the
// card's own handlers, which sit on the card around this wrapper.
import { IconUpload } from '@tabler/icons-react';
import { useState, type DragEvent, type ReactNode } from 'react';
import { useApi } from '../../app/api-context';
import { useHostsStore } from '../../entities/hosts/hosts-store';
import { isFileDrag, pathReader } from './file-paths';
import { addFiles } from './staging-actions';

export function UploadDropTarget({ hostId, children }: { hostId: string; children: ReactNode }) {
  const api = useApi();
  const [over, setOver] = useState(false);
  const name = useHostsStore((s) => {
    const h = s.byId[hostId];
    return h ? h.name || h.id : hostId;
  });

  const onDragOver = (e: DragEvent) => {
    if (!isFileDrag(e)) return;
    e.preventDefault();
    e.dataTransfer.dropEffect = 'copy';
    if (!over) setOver(true);
  };
  const onDragLeave = (e: DragEvent) => {
    // Moving between the card's own elements (or onto the overlay) fires leave too; only leaving the card counts.
    if (over && !e.currentTarget.contains(e.relatedTarget as Node | null)) setOver(false);
  };
  const onDrop = (e: DragEvent) => {
    if (!isFileDrag(e)) return;
    // Without this the browser would open the file in place of the console.
    e.preventDefault();
    setOver(false);
    void addFiles(api, hostId, Array.from(e.dataTransfer.files)); // failures show in the upload dialog or as a notification
  };

  return (
    <div className="fl-upload-drop" onDragEnter={onDragOver} onDragOver={onDragOver} onDragLeave={onDragLeave} onDrop={onDrop}>
      {children}
      {over && (
        <div className="fl-upload-overlay" role="status" aria-label={`Drop to upload to ${name}`}>
          <IconUpload size={32} aria-hidden />
          <span className="fl-strong">Drop to upload to {name}</span>
          <span className="fl-xs">
            {pathReader()
              ? 'Content bundles (.tar.zst, .zst) and cluster definitions (.tgz). Fieldlink checks each file before sending it.'
              : 'Content bundles (.tar.zst, .zst) and cluster definitions (.tgz). The file streams to the host and is checked there.'}
          </span>
        </div>
      )}
    </div>
  );
}
