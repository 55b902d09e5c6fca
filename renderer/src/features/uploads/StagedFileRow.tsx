// One file in the upload dialog: what the core found (kind and size, or why it will not be sent), and for a
// content bundle an optional signature file that travels with it.
import { Badge, Button, CloseButton } from '@mantine/core';
import { useState } from 'react';
import { bytes } from '../../lib/format';
import { pathReader } from './file-paths';
import { PathForm } from './PathForm';
import { removeFile, setSignature } from './staging-actions';
import { useFilePicker } from './use-file-picker';
import { useUploadsStore, type StagedFile } from './uploads-store';

const kindWords = { content: 'Content bundle', clusterconfig: 'Cluster definition' } as const;

function baseName(path: string): string {
  return path.split(/[\\/]/).pop() || path;
}

function SignatureControl({ file }: { file: StagedFile }) {
  const name = file.check.name;
  const [typing, setTyping] = useState(false);
  const read = pathReader();
  const picker = useFilePicker(([picked]) => {
    if (!picked || !read) return;
    const path = read(picked);
    if (path) setSignature(file.key, path);
    else useUploadsStore.getState().patch({ problem: `${picked.name} does not come from a folder Fieldlink can read; save the signature to a folder first.` });
  });

  if (file.signaturePath) {
    return (
      <div className="fl-row">
        <span className="fl-xs fl-grow fl-truncate" title={file.signaturePath}>
          Signature: {baseName(file.signaturePath)}
        </span>
        <Button size="compact-xs" variant="subtle" color="gray" onClick={() => setSignature(file.key, null)} aria-label={`Remove the signature of ${name}`}>
          Remove signature
        </Button>
      </div>
    );
  }
  if (typing) {
    return (
      <PathForm
        label={`Path of the signature for ${name}`}
        submitLabel="Add signature"
        focusOnOpen
        onSubmit={(path) => {
          setSignature(file.key, path);
          setTyping(false);
        }}
      />
    );
  }
  return (
    <div className="fl-row">
      <Button size="compact-xs" variant="subtle" onClick={read ? picker.open : () => setTyping(true)} aria-label={`Add a signature file for ${name}`}>
        Add signature…
      </Button>
      {read && picker.input}
      <span className="fl-xs fl-dim">Optional: sent alongside when the bundle is signed.</span>
    </div>
  );
}

export function StagedFileRow({ file }: { file: StagedFile }) {
  const { check } = file;
  const refused = check.error !== null;
  return (
    <li className="fl-upload-file fl-col" aria-label={check.name}>
      <div className="fl-row">
        <span className="fl-strong fl-truncate fl-grow" title={file.path || check.name}>
          {check.name}
        </span>
        {refused ? (
          <Badge color="red" variant="light">
            Will not be sent
          </Badge>
        ) : (
          <span className="fl-xs fl-dim fl-tabular">
            {check.kind ? kindWords[check.kind] : 'File'} · {bytes(check.size)}
          </span>
        )}
        <CloseButton size="sm" onClick={() => removeFile(file.key)} aria-label={`Remove ${check.name} from the list`} />
      </div>
      {refused ? (
        <span className="fl-sm fl-error">{check.error}</span>
      ) : (
        <span className="fl-xs fl-dim fl-truncate" title={file.path}>
          {file.path}
        </span>
      )}
      {!refused && check.kind === 'content' && <SignatureControl file={file} />}
    </li>
  );
}
