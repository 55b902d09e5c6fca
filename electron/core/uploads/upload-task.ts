// One file to one host, as a task: wait for its turn, check the file again, stream it as multipart while hashing
// it, verify what the host stored, then follow the sync to the host's followers. Every failure ends with a message
// that says what happened in the technician's terms and what to do next.
import path from 'node:path';
import type { Readable } from 'node:stream';
import { ConsoleError } from '../../../shared/errors';
import { answerError } from '../agent/errors';
import type { AgentClient, CoreContext, HostResultHandle, TaskHandle, TaskSpec } from '../context';
import { inspectFile, inspectSignature, UPLOAD_PATH, type InspectedFile, type UploadKind } from './classify';
import { formatBytes } from './format';
import { HashingFileReader } from './hash-stream';
import { MultipartBody, type BodyPart } from './multipart-body';
import type { Lease, UploadQueue } from './queue';
import { PROGRESS_INTERVAL_MS, ProgressTicker } from './rate';
import { DEFAULT_SYNC_TIMING, followersOf, followSync, type SyncTiming } from './sync-follow';
import { verifyUpload } from './verify';
import type { StreamSource } from './stream-source';

/** The phases an upload task goes through (TaskView.phase); null once it ended. */
export const UPLOAD_PHASES = ['queued', 'uploading', 'verifying', 'syncing'] as const;
export type UploadPhase = (typeof UPLOAD_PHASES)[number];

export interface UploadTiming {
  sync: SyncTiming;
  progressIntervalMs: number;
  /** No byte moving for this long fails the upload; the transfer itself may take as long as it needs. */
  idleTimeoutMs: number;
  /**
   * Once the whole body is sent, the host's complete answer must arrive within this time: a host trickling its
   * answer a byte at a time never trips the idle timeout, and must not keep a task "uploading" for ever.
   */
  answerDeadlineMs: number;
}

export const DEFAULT_UPLOAD_TIMING: UploadTiming = {
  sync: DEFAULT_SYNC_TIMING,
  progressIntervalMs: PROGRESS_INTERVAL_MS,
  // A host may be quiet for a while after the last byte (writing the file out) before it answers 201.
  idleTimeoutMs: 120_000,
  // The quiet time allowed above, plus a few seconds for an answer of a few hundred bytes.
  answerDeadlineMs: 130_000,
};

export interface UploadDeps {
  ctx: CoreContext;
  queue: UploadQueue;
  timing: UploadTiming;
}

export interface UploadInput {
  hostId: string;
  /** The file on disk; for a streamed file (`stream`), its name. */
  path: string;
  signaturePath?: string;
  /** A file streamed from the browser console instead of read from `path`: sent once, so it has no Retry. */
  stream?: StreamSource;
}

export function uploadTaskSpec(deps: UploadDeps, input: UploadInput, hostName: string): TaskSpec {
  return {
    kind: 'upload',
    title: `Upload ${path.basename(input.path)} to ${hostName}`,
    cancellable: true,
    run: (task) => new UploadRun(deps, input, hostName, task).run(),
    // The same inputs as a new task: the file is checked and opened again from scratch. A streamed file is gone once
    // sent: the technician drops it again.
    ...(input.stream ? {} : { retry: () => uploadTaskSpec(deps, input, currentName(deps.ctx, input.hostId, hostName)) }),
  };
}

function currentName(ctx: CoreContext, hostId: string, fallback: string): string {
  try {
    return ctx.hosts.resolve(hostId).name;
  } catch {
    return fallback;
  }
}

class UploadRun {
  private phase: UploadPhase = 'queued';
  private readonly fileName: string;
  private readonly target: HostResultHandle;
  private ticker: ProgressTicker | null = null;
  private size = 0;
  /** The host had the whole body but did not finish answering within answerDeadlineMs. */
  private answerLate = false;

  constructor(
    private readonly deps: UploadDeps,
    private readonly input: UploadInput,
    private hostName: string,
    private readonly task: TaskHandle,
  ) {
    this.fileName = input.stream?.name ?? path.basename(input.path);
    this.target = task.host(input.hostId, hostName);
  }

  async run(): Promise<void> {
    const { ctx, queue } = this.deps;
    const { task, input } = this;
    let lease: Lease | null = null;
    this.setPhase('queued');
    try {
      lease = await queue.acquire(input.hostId, task.signal);
      this.target.running(null);
      const { file, signature } = this.input.stream ? { file: null, signature: null } : await this.checkFiles();
      if (this.input.stream) this.size = this.input.stream.size;
      const view = await ctx.hosts.ensureReady(input.hostId, task.signal);
      this.hostName = view.name;
      if (view.role === 'follower') {
        const leader = ctx.hosts.list().find((h) => h.id === view.leaderId)?.name ?? 'its leader';
        throw new ConsoleError('refused', `${view.name} is a follower of ${leader}: upload to ${leader}, which syncs the content to its followers.`, view.id);
      }
      const agent = ctx.agentFor(input.hostId);

      this.setPhase('uploading');
      const sha256 = await this.send(agent, file, signature);
      this.setPhase('verifying');
      await verifyUpload(agent, this.hostName, { fileName: this.fileName, size: this.size, sha256 }, task.signal);
      this.target.succeed(`${this.fileName} uploaded and verified (${formatBytes(this.size)}, sha256 ${sha256.slice(0, 12)}…).`);

      const followers = await followersOf(ctx, agent, task.signal);
      this.setPhase(followers.length > 0 ? 'syncing' : null);
      // Following a sync moves no bytes from here: another host's upload may use the slot.
      lease.releaseSlot();
      if (followers.length === 0) return;
      const rows = new Map(
        followers.map((f) => {
          const row = task.host(f.id, f.name);
          row.running('Pending');
          return [f.id, row] as const;
        }),
      );
      await followSync({ agent, leaderName: this.hostName, fileName: this.fileName, followers, rows, signal: task.signal, timing: this.deps.timing.sync });
    } catch (err) {
      const explained = this.explain(err);
      if (this.target.state === 'pending' || this.target.state === 'running') this.target.fail(explained);
      throw explained;
    } finally {
      lease?.release();
    }
  }

  private setPhase(phase: UploadPhase | null): void {
    if (phase) this.phase = phase;
    this.task.phase(phase);
  }

  /** Checked again at its turn: minutes may have passed in the queue, and a retry must see the file as it is now. */
  private async checkFiles(): Promise<{ file: InspectedFile; signature: InspectedFile | null }> {
    const file = await inspectFile(this.input.path);
    if (file.check.error || !file.identity || !file.check.kind) throw new ConsoleError('file-rejected', file.check.error ?? 'The file cannot be uploaded.');
    const signature = this.input.signaturePath ? await inspectSignature(this.input.signaturePath) : null;
    if (signature && (signature.check.error || !signature.identity))
      throw new ConsoleError('file-rejected', signature.check.error ?? 'The signature cannot be sent.');
    this.size = file.check.size;
    return { file, signature };
  }

  /** Streams the multipart body; answers the sha256 of the file bytes that went out. */
  private async send(agent: AgentClient, file: InspectedFile | null, signature: InspectedFile | null): Promise<string> {
    const { task, deps } = this;
    const stream = this.input.stream;
    let reader: HashingFileReader | StreamSource | null = null;
    const parts: BodyPart[] = [
      stream
        ? { field: 'uploadFile', fileName: this.fileName, size: stream.size, open: () => (reader = stream).chunks() }
        : {
            field: 'uploadFile',
            fileName: this.fileName,
            size: file!.check.size,
            // A new reader per body: after a 401 the client asks for the body again, from the first byte.
            open: () => (reader = new HashingFileReader(file!.check.path, file!.identity!, { hash: true })).chunks(),
          },
    ];
    if (signature) {
      const label = `The signature ${signature.check.name}`;
      parts.push({
        field: 'signature',
        fileName: signature.check.name,
        size: signature.check.size,
        open: () => new HashingFileReader(signature.check.path, signature.identity!, { hash: false, label }).chunks(),
      });
    }
    const body = new MultipartBody(parts);
    const ticker = (this.ticker = new ProgressTicker(this.size, (done, total) => task.bytes(done, total), deps.timing.progressIntervalMs));
    ticker.flush();
    const kind = stream ? stream.kind : (file!.check.kind as UploadKind);
    const answer = await this.postWithDeadline(agent, UPLOAD_PATH[kind], body, (sent) => ticker.update(sent - body.firstDataOffset));
    if (answer.status < 200 || answer.status > 299) throw answerError(answer.status, answer.body, agent.labelInfo(), `take ${this.fileName}`);
    const done = reader as HashingFileReader | StreamSource | null;
    if (!done || done.bytesRead !== this.size) {
      throw new ConsoleError(
        'bad-answer',
        `${this.hostName} answered before it had received all of ${this.fileName}; it is not reported as uploaded. Upload it again.`,
        this.input.hostId,
      );
    }
    ticker.update(this.size);
    ticker.flush();
    return done.digest();
  }

  /**
   * The POST, aborted when the host has had every byte of the body for answerDeadlineMs without finishing its
   * answer. A new attempt (after a 401 the client sends the body again) starts the clock again.
   */
  private async postWithDeadline(agent: AgentClient, apiPath: string, body: MultipartBody, progress: (sent: number) => void) {
    const { task, deps } = this;
    const local = new AbortController();
    const onCancel = () => local.abort();
    task.signal.addEventListener('abort', onCancel, { once: true });
    let timer: NodeJS.Timeout | null = null;
    const bodies: Readable[] = [];
    const stopClock = () => {
      if (timer) clearTimeout(timer);
      timer = null;
    };
    try {
      return await agent.postStream(apiPath, {
        body: (connected) => {
          const stream = body.stream(connected);
          bodies.push(stream);
          return stream;
        },
        headers: { 'content-type': body.contentType, 'content-length': String(body.length) },
        signal: local.signal,
        idleTimeoutMs: deps.timing.idleTimeoutMs,
        userInitiated: true,
        onUploadProgress: (sent) => {
          progress(sent);
          if (sent < body.length) return stopClock();
          timer ??= setTimeout(() => {
            this.answerLate = true;
            local.abort();
          }, deps.timing.answerDeadlineMs);
        },
      });
    } catch (err) {
      if (!this.answerLate || task.signal.aborted) throw err;
      const seconds = Math.round(deps.timing.answerDeadlineMs / 1000);
      throw new ConsoleError(
        'timeout',
        `${this.hostName} received all of ${this.fileName} but did not finish its answer within ${seconds} s, so Fieldlink stopped waiting. The upload is not reported as uploaded. Check the host, then retry.`,
        this.input.hostId,
      );
    } finally {
      stopClock();
      task.signal.removeEventListener('abort', onCancel);
      // The task settles only once its files are closed: a failed upload leaves no handle open on the technician's drive.
      await Promise.all(bodies.map(closeBody));
    }
  }

  /** The error as the technician should read it, given how far the upload got. */
  private explain(err: unknown): unknown {
    const { fileName, hostName, task } = this;
    const sent = this.ticker?.bytesDone ?? 0;
    const of = `${formatBytes(sent)} of ${formatBytes(this.size)}`;
    if (task.signal.aborted) {
      const message =
        this.phase === 'queued'
          ? `Cancelled before the upload started; nothing of ${fileName} was sent.`
          : this.phase === 'uploading'
            ? `Cancelled after ${of}: ${fileName} was not uploaded.`
            : this.phase === 'verifying'
              ? `Cancelled while checking the upload: ${fileName} was sent but not verified.`
              : `Cancelled while following the sync of ${fileName}.`;
      return new ConsoleError('cancelled', message, this.input.hostId);
    }
    if (!(err instanceof ConsoleError) || this.phase !== 'uploading' || sent === 0 || this.answerLate) return err;
    if (err.code === 'bad-answer' && /far larger/.test(err.message)) {
      return new ConsoleError(
        'bad-answer',
        `${hostName} answered the upload of ${fileName} with far more data than an answer holds; Fieldlink stopped reading it. The upload is not reported as uploaded. Check the host, then retry.`,
        this.input.hostId,
      );
    }
    if (err.code === 'unreachable') {
      return new ConsoleError(
        'unreachable',
        `The connection to ${hostName} broke after ${of} of ${fileName}. The host may have restarted or left the network; the upload is incomplete and not reported as uploaded. Check the host, then retry.`,
        this.input.hostId,
      );
    }
    if (err.code === 'timeout') {
      return new ConsoleError(
        'timeout',
        `${hostName} stopped taking data after ${of} of ${fileName} (nothing moved for ${Math.round(this.deps.timing.idleTimeoutMs / 1000)} s). The upload is incomplete and not reported as uploaded. Check the host, then retry.`,
        this.input.hostId,
      );
    }
    return err;
  }
}

/** The longest a body's reader may take to let go of its file after the request ended (it finishes the read it is in). */
const BODY_CLOSE_WAIT_MS = 5_000;

async function closeBody(stream: Readable): Promise<void> {
  if (stream.closed) return;
  const closed = new Promise<void>((resolve) => {
    const timer = setTimeout(resolve, BODY_CLOSE_WAIT_MS);
    timer.unref();
    stream.once('close', () => {
      clearTimeout(timer);
      resolve();
    });
  });
  stream.destroy();
  await closed;
}
