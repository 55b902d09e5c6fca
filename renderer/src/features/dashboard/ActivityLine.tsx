import { Loader } from '@mantine/core';
import { detailWords, hostStateWord } from '../../lib/link-words';
import { useTasksStore } from '../../entities/tasks/tasks-store';

/** What a task is doing to this host right now. Always takes its line, so a starting task never moves the card. */
export function ActivityLine({ hostId }: { hostId: string }) {
  const activity = useTasksStore((s) => s.activityByHost[hostId]);
  return (
    <div className="fl-row fl-activity" aria-live="polite">
      {activity && (
        <>
          <Loader size={12} />
          <span className="fl-xs fl-truncate" title={activity.title}>
            {activity.title}: {detailWords(activity.detail, activity.kind) ?? hostStateWord[activity.state] ?? activity.state}
          </span>
        </>
      )}
    </div>
  );
}
