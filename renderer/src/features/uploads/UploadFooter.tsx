// The Footer slot of every host card: the upload running on this host (or its last result), else a way to start
// one. Its height never changes between those states (uploads.css), so the card does not jump.
import { memo } from 'react';
import { useHostsStore } from '../../entities/hosts/hosts-store';
import { useTasksStore } from '../../entities/tasks/tasks-store';
import { hostUploadKey, parseHostUploadKey, uploadIndex } from './upload-index';
import { UploadIdle } from './UploadIdle';
import { UploadProgress } from './UploadProgress';
import { useUploadsStore } from './uploads-store';

export const UploadFooter = memo(function UploadFooter({ hostId }: { hostId: string }) {
  const targets = useUploadsStore((s) => s.targets);
  const dismissed = useUploadsStore((s) => s.dismissed);
  const key = useTasksStore((s) => hostUploadKey(uploadIndex(s.byId, targets, dismissed), hostId));
  const name = useHostsStore((s) => {
    const h = s.byId[hostId];
    return h ? h.name || h.id : hostId;
  });
  const shown = parseHostUploadKey(key);
  return (
    <div className="fl-upload-footer" role="group" aria-label={`Content upload on ${name}`}>
      {shown ? (
        <UploadProgress key={shown.taskId} taskId={shown.taskId} waiting={shown.waiting} hostId={hostId} hostName={name} />
      ) : (
        <UploadIdle hostId={hostId} hostName={name} />
      )}
    </div>
  );
});
