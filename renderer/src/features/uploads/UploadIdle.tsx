// A card with no upload: the picker fallback for drag and drop. The desktop app opens the system picker at once;
// the browser build cannot use a picked file (no path), so it opens the dialog where a path is typed instead.
import { IconUpload } from '@tabler/icons-react';
import { useApi } from '../../app/api-context';
import { pathReader } from './file-paths';
import { addFiles, openUpload } from './staging-actions';
import { BUNDLE_ACCEPT, useFilePicker } from './use-file-picker';

export function UploadIdle({ hostId, hostName }: { hostId: string; hostName: string }) {
  const api = useApi();
  const desktop = pathReader() !== null;
  const picker = useFilePicker((files) => void addFiles(api, hostId, files) /* failures show in the upload dialog or as a notification */, {
    multiple: true,
    accept: BUNDLE_ACCEPT,
  });
  return (
    <>
      <div className="fl-row fl-between">
        <span className="fl-heading">Content</span>
        {/* A plain button: every card in view mounts one, and a Mantine Button costs several times more to render. */}
        <button
          type="button"
          className="fl-upload-button"
          onClick={desktop ? picker.open : () => openUpload(hostId)}
          aria-label={`Upload content to ${hostName}`}
        >
          <IconUpload size={12} aria-hidden />
          Upload content…
        </button>
        {desktop && picker.input}
      </div>
      <span className="fl-xs fl-dim">
        {desktop
          ? 'Drop content bundles (.tar.zst) or cluster definitions (.tgz) on this card.'
          : 'Drop a content bundle (.tar.zst) or cluster definition (.tgz) on this card, or use Upload content… to type its path.'}
      </span>
    </>
  );
}
