// The one upload dialog, for whichever host files were dropped on or picked for: every file checked by the core
// before anything is sent, refusals explained per file, signatures added, then one click starts the uploads.
import { Alert, Button, Group, Loader, Modal, Stack, Text } from '@mantine/core';
import type { DragEvent } from 'react';
import { useApi } from '../../app/api-context';
import { plural } from '../../lib/format';
import { useHostsStore } from '../../entities/hosts/hosts-store';
import { isFileDrag, pathReader } from './file-paths';
import { PathForm } from './PathForm';
import { StagedFileRow } from './StagedFileRow';
import { addFiles, addPaths, retarget, startStaged, uploadableFiles } from './staging-actions';
import { BUNDLE_ACCEPT, useFilePicker } from './use-file-picker';
import { useUploadsStore, type Staging } from './uploads-store';

const close = () => useUploadsStore.getState().close();

function FollowerNotice({ hostId }: { hostId: string }) {
  const host = useHostsStore((s) => s.byId[hostId]);
  const leader = useHostsStore((s) => (host?.role === 'follower' && host.leaderId ? s.byId[host.leaderId] : undefined));
  if (!host || !leader) return null;
  const name = host.name || host.id;
  const leaderName = leader.name || leader.id;
  return (
    <Alert color="yellow" title={`${name} is a follower of ${leaderName}`}>
      <Stack gap="xs" align="flex-start">
        <Text size="sm">Content goes to the leader, which syncs it to every host of its group. A follower refuses uploads.</Text>
        <Button size="compact-sm" variant="light" onClick={() => retarget(leader.id)}>
          Upload to {leaderName} instead
        </Button>
      </Stack>
    </Alert>
  );
}

function BrowserNotice({ pathless }: { pathless: string[] }) {
  return (
    <Alert color="blue" title="Drag and drop and the file picker need the desktop app">
      <Text size="sm">
        A browser page cannot see where a file is stored, so it cannot hand a dropped or picked file to Fieldlink. Type the file's full path on the computer
        where Fieldlink runs (the one that started it); Fieldlink reads the file from there.
      </Text>
      {pathless.length > 0 && (
        <Text size="sm" mt="xs">
          You dropped: <strong>{pathless.join(', ')}</strong>
        </Text>
      )}
    </Alert>
  );
}

function DialogBody({ staging }: { staging: Staging }) {
  const api = useApi();
  const desktop = pathReader() !== null;
  const picker = useFilePicker((files) => void addFiles(api, staging.hostId, files) /* failures show in the dialog or as a notification */, {
    multiple: true,
    accept: BUNDLE_ACCEPT,
  });
  const ready = uploadableFiles(staging.files).length;
  const refused = staging.files.length - ready;
  // The dialog covers the cards: more files dropped on it go to the same host.
  const onDragOver = (e: DragEvent) => {
    if (!isFileDrag(e)) return;
    e.preventDefault();
    e.dataTransfer.dropEffect = 'copy';
  };
  const onDrop = (e: DragEvent) => {
    if (!isFileDrag(e)) return;
    e.preventDefault();
    void addFiles(api, staging.hostId, Array.from(e.dataTransfer.files)); // failures show in the dialog or as a notification
  };
  return (
    <Stack gap="sm" onDragOver={onDragOver} onDrop={onDrop}>
      <FollowerNotice hostId={staging.hostId} />
      {desktop ? (
        <Group gap="xs">
          <Button variant="default" onClick={picker.open}>
            Add files…
          </Button>
          {picker.input}
          <Text size="xs" c="dimmed">
            or drop more files here
          </Text>
        </Group>
      ) : (
        <>
          <BrowserNotice pathless={staging.pathless} />
          <PathForm
            label="Path of a content bundle or cluster definition"
            description="For example /media/usb/content-2025.tar.zst"
            submitLabel="Check file"
            busy={staging.checking}
            focusOnOpen
            onSubmit={(path) => void addPaths(api, staging.hostId, [path]) /* a failed check shows in the dialog */}
          />
        </>
      )}
      {staging.files.length > 0 ? (
        <ul className="fl-col" style={{ listStyle: 'none', margin: 0, padding: 0 }} aria-label="Files to upload">
          {staging.files.map((f) => (
            <StagedFileRow key={f.key} file={f} />
          ))}
        </ul>
      ) : (
        !staging.checking && (
          <Text size="sm" c="dimmed">
            No file yet. Content bundles (.tar.zst, .zst) and cluster definitions (.tgz, .tar.gz) can be uploaded.
          </Text>
        )
      )}
      {staging.checking && (
        <Group gap="xs" role="status">
          <Loader size="xs" />
          <Text size="sm">Checking the files…</Text>
        </Group>
      )}
      {staging.problem && (
        <Alert color="red" role="alert">
          {staging.problem}
        </Alert>
      )}
      <Group justify="space-between" wrap="nowrap">
        <Text size="xs" c="dimmed">
          {refused > 0 ? `${plural(refused, 'file')} will not be sent.` : ''}
        </Text>
        <Group gap="xs" wrap="nowrap">
          <Button variant="default" onClick={close}>
            Cancel
          </Button>
          <Button
            onClick={() => void startStaged(api) /* a refusal shows in the dialog */}
            loading={staging.starting}
            disabled={ready === 0 || staging.checking}
            data-autofocus={desktop || undefined}
          >
            {ready > 0 ? `Upload ${plural(ready, 'file')}` : 'Upload'}
          </Button>
        </Group>
      </Group>
    </Stack>
  );
}

export function UploadDialog() {
  const staging = useUploadsStore((s) => s.staging);
  const name = useHostsStore((s) => {
    const h = staging ? s.byId[staging.hostId] : undefined;
    return h ? h.name || h.id : (staging?.hostId ?? '');
  });
  if (!staging) return null;
  return (
    <Modal opened onClose={close} title={`Upload to ${name}`} size="lg" centered>
      <DialogBody staging={staging} />
    </Modal>
  );
}
