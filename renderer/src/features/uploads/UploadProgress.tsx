// One upload on its host's card: phase, a bar with bytes, speed and time left, then each follower's sync; Cancel
// while it runs, Retry and Dismiss once it ended.
import { Button, CloseButton, Progress } from '@mantine/core';
import type { TaskView } from '../../../../shared/contract';
import { useApi } from '../../app/api-context';
import { isActive } from '../../entities/tasks/tasks-store';
import { FollowerSyncRows } from './FollowerSyncRows';
import { cancelUpload, dismissUpload, retryUpload } from './upload-task-actions';
import { fileNameOf, percentOf, stepOf, transferLine, type Tone } from './upload-words';
import { useThrottledTask } from './use-throttled-task';

const barColor: Record<Tone, string> = { active: 'blue', done: 'green', warn: 'yellow', failed: 'red', quiet: 'gray' };

interface Props {
  taskId: string;
  waiting: number;
  hostId: string;
  hostName: string;
}

function Outcome({ t }: { t: TaskView }) {
  if (isActive(t)) return null;
  if (t.error) {
    return (
      <div className="fl-upload-message fl-upload-tone" data-tone={t.state === 'cancelled' ? 'quiet' : 'failed'}>
        {t.error.message}
      </div>
    );
  }
  const message = t.hosts[0]?.message;
  return message ? <div className="fl-upload-message fl-dim">{message}</div> : null;
}

export function UploadProgress({ taskId, waiting, hostId, hostName }: Props) {
  const api = useApi();
  const t = useThrottledTask(taskId);
  if (!t) return null;
  const active = isActive(t);
  const step = stepOf(t);
  const pct = percentOf(t);
  const line = transferLine(t);
  const file = fileNameOf(t, hostName);
  // Without a byte count yet (queued, or a host answering slowly) the bar shows motion rather than a made-up share.
  const indeterminate = active && (pct === null || t.phase === 'verifying');
  const shownPct = pct ?? (t.state === 'succeeded' ? 100 : 0);
  return (
    <>
      <div className="fl-row">
        <span className="fl-upload-step fl-upload-tone" data-tone={step.tone} aria-live="polite">
          {step.label}
        </span>
        <span className="fl-xs fl-truncate fl-grow" title={file}>
          {file}
        </span>
        {waiting > 0 && <span className="fl-xs fl-dim">+{waiting} waiting</span>}
        {active && t.cancellable && (
          <Button
            size="compact-xs"
            variant="subtle"
            color="red"
            onClick={() => void cancelUpload(api, t.id) /* notifies its own failure */}
            aria-label={`Cancel the upload of ${file} to ${hostName}`}
          >
            Cancel
          </Button>
        )}
        {!active && t.retryable && (
          <Button
            size="compact-xs"
            variant="light"
            onClick={() => void retryUpload(api, t.id, hostId) /* notifies its own failure */}
            aria-label={`Retry the upload of ${file} to ${hostName}`}
          >
            Retry
          </Button>
        )}
        {!active && <CloseButton size="sm" onClick={() => dismissUpload(t.id)} aria-label={`Dismiss the upload result of ${file}`} />}
      </div>
      <Progress.Root size="sm">
        {/* Our own ARIA: an indeterminate bar must not announce a made-up percentage. */}
        <Progress.Section
          withAria={false}
          role="progressbar"
          aria-label={`Upload of ${file} to ${hostName}`}
          aria-valuemin={0}
          aria-valuemax={100}
          aria-valuenow={indeterminate ? undefined : shownPct}
          aria-valuetext={indeterminate ? step.label : `${shownPct}%`}
          value={indeterminate ? 100 : shownPct}
          striped={indeterminate}
          animated={indeterminate}
          color={barColor[step.tone]}
        />
      </Progress.Root>
      <div className="fl-upload-scroll">
        {/* Once ended, the host's own words ("uploaded and verified (size, sha256…)") replace the byte count. */}
        {line && (active || !t.hosts[0]?.message || t.error) && <div className="fl-xs fl-tabular">{line}</div>}
        <Outcome t={t} />
        <FollowerSyncRows rows={t.hosts.slice(1)} leaderName={hostName} />
      </div>
    </>
  );
}
