import { describe, expect, it } from 'vitest';
import type { TaskView } from '../../shared/contract';
import { UploadProgress, notificationFor } from './task-feedback';

function task(over: Partial<TaskView>): TaskView {
  return {
    id: 't1',
    kind: 'upload',
    title: 'Upload content.tar to edge-1',
    state: 'running',
    phase: 'sending',
    progress: { done: 0, total: 100, unit: 'bytes' },
    bytesPerSec: null,
    etaSec: null,
    hosts: [{ hostId: 'edge-1', name: 'alpha', state: 'running', message: null, detail: null }],
    error: null,
    startedAt: '2024-01-01T00:00:00Z',
    endedAt: null,
    cancellable: true,
    retryable: false,
    retryOf: null,
    ...over,
  };
}

describe('UploadProgress', () => {
  it('shows no bar without running uploads, and ignores other tasks', () => {
    const p = new UploadProgress();
    expect(p.state()).toEqual({ value: -1, mode: 'none' });
    expect(p.update(task({ kind: 'link', progress: { done: 1, total: 4, unit: 'hosts' } }))).toEqual({ value: -1, mode: 'none' });
  });

  it('combines running uploads by bytes and removes the bar when they end', () => {
    const p = new UploadProgress();
    p.update(task({ id: 'a', progress: { done: 50, total: 100, unit: 'bytes' } }));
    expect(p.update(task({ id: 'b', progress: { done: 0, total: 300, unit: 'bytes' } }))).toEqual({ value: 50 / 400, mode: 'normal' });
    expect(p.update(task({ id: 'a', state: 'succeeded', progress: { done: 100, total: 100, unit: 'bytes' } }))).toEqual({ value: 0, mode: 'normal' });
    expect(p.update(task({ id: 'b', state: 'cancelled' }))).toEqual({ value: -1, mode: 'none' });
  });

  it('is indeterminate while an upload has no size yet', () => {
    const p = new UploadProgress();
    p.update(task({ id: 'a', progress: { done: 10, total: 100, unit: 'bytes' } }));
    expect(p.update(task({ id: 'b', state: 'queued', progress: null }))).toEqual({ value: 2, mode: 'indeterminate' });
  });

  it('never reports more than done', () => {
    const p = new UploadProgress();
    expect(p.update(task({ progress: { done: 150, total: 100, unit: 'bytes' } })).value).toBe(1);
  });
});

describe('notificationFor', () => {
  it('says nothing for a task still running', () => {
    expect(notificationFor(task({ state: 'running' }))).toBeNull();
    expect(notificationFor(task({ state: 'queued' }))).toBeNull();
  });

  it('names the outcome and the host', () => {
    expect(notificationFor(task({ state: 'succeeded' }))).toEqual({ title: 'Done: Upload content.tar to edge-1', body: 'alpha' });
  });

  it('gives the error of a failed task', () => {
    const text = notificationFor(task({ state: 'failed', error: { code: 'unreachable', message: 'edge-1 did not answer.' } }));
    expect(text).toEqual({ title: 'Failed: Upload content.tar to edge-1', body: 'edge-1 did not answer.' });
  });

  it('counts hosts that did not finish in a partial bulk task', () => {
    const hosts = ['a', 'b', 'c'].map((id, i) => ({
      hostId: id,
      name: id,
      state: i === 0 ? ('failed' as const) : ('succeeded' as const),
      message: null,
      detail: null,
    }));
    expect(notificationFor(task({ kind: 'link', title: 'Link 3 followers', state: 'partial', hosts }))).toEqual({
      title: 'Partly done: Link 3 followers',
      body: '1 of 3 hosts did not finish.',
    });
  });

  it('flattens control characters and clips long untrusted text', () => {
    const text = notificationFor(task({ state: 'succeeded', title: `evil\nname${'x'.repeat(300)}` }))!;
    expect(text.title).not.toContain('\n');
    expect(text.title.length).toBeLessThanOrEqual(120);
    expect(text.title.endsWith('…')).toBe(true);
  });
});
