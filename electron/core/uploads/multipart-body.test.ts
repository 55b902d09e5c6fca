import { describe, expect, it } from 'vitest';
import { MultipartBody, type BodyPart } from './multipart-body';

function part(field: string, fileName: string, data: Buffer, chunk = 7): BodyPart {
  return {
    field,
    fileName,
    size: data.length,
    async *open() {
      for (let i = 0; i < data.length; i += chunk) yield data.subarray(i, i + chunk);
    },
  };
}

async function collect(body: MultipartBody): Promise<Buffer> {
  const chunks: Buffer[] = [];
  for await (const c of body.stream()) chunks.push(c as Buffer);
  return Buffer.concat(chunks);
}

/** Parsed by the platform's own multipart parser (undici), as an independent check of the format. */
async function parse(body: MultipartBody, bytes: Buffer): Promise<FormData> {
  return new Response(new Uint8Array(bytes), { headers: { 'content-type': body.contentType } }).formData();
}

describe('MultipartBody', () => {
  it('reads nothing, not even the file, before its start resolves', async () => {
    let opened = 0;
    const data = Buffer.alloc(100, 1);
    const source: BodyPart = { ...part('uploadFile', 'bundle.tar.zst', data), open: () => (opened++, part('f', 'f', data).open()) };
    const body = new MultipartBody([source]);
    let start = (): void => undefined;
    const stream = body.stream(new Promise<void>((resolve) => (start = resolve)));
    const chunks: Buffer[] = [];
    stream.on('data', (c: Buffer) => chunks.push(c));
    await new Promise((resolve) => setTimeout(resolve, 50));
    expect({ chunks: chunks.length, opened }).toEqual({ chunks: 0, opened: 0 });
    start();
    await new Promise((resolve) => stream.once('end', resolve));
    expect(opened).toBe(1);
    expect(Buffer.concat(chunks).length).toBe(body.length);
  });

  it('produces exactly `length` bytes, which a multipart parser reads back as the file', async () => {
    const data = Buffer.from(Array.from({ length: 10_001 }, (_, i) => i % 251));
    const body = new MultipartBody([part('uploadFile', 'bundle.tar.zst', data)]);
    const bytes = await collect(body);
    expect(bytes.length).toBe(body.length);
    expect(body.firstDataOffset).toBe(bytes.indexOf(data.subarray(0, 32)));
    const file = (await parse(body, bytes)).get('uploadFile') as File;
    expect(file.name).toBe('bundle.tar.zst');
    expect(Buffer.from(await file.arrayBuffer()).equals(data)).toBe(true);
  });

  it('adds the signature as a second file part, with the length still exact', async () => {
    const data = Buffer.alloc(5000, 0xab);
    const sig = Buffer.from('-----BEGIN SIGNATURE-----\r\nabc\r\n');
    const body = new MultipartBody([part('uploadFile', 'b.zst', data), part('signature', 'b.zst.sig', sig)]);
    const bytes = await collect(body);
    expect(bytes.length).toBe(body.length);
    const form = await parse(body, bytes);
    expect(Buffer.from(await (form.get('signature') as File).arrayBuffer()).equals(sig)).toBe(true);
    expect((form.get('uploadFile') as File).size).toBe(5000);
  });

  it('escapes quotes and line breaks in names, and gives non-ASCII names in UTF-8', async () => {
    const body = new MultipartBody([part('uploadFile', 'a"b\r\nc ü.zst', Buffer.from('x'))]);
    const bytes = await collect(body);
    const head = bytes.subarray(0, body.firstDataOffset).toString('utf8');
    expect(head).toContain('filename="a%22b%0D%0Ac ü.zst"');
    expect(head).toContain("filename*=UTF-8''a%22b%0D%0Ac%20%C3%BC.zst");
    expect(bytes.length).toBe(body.length);
  });

  it('starts afresh on every stream(), so a retry never sends a consumed stream', async () => {
    const data = Buffer.from('0123456789');
    const body = new MultipartBody([part('uploadFile', 'b.zst', data)], 'fixed');
    const first = await collect(body);
    const second = await collect(body);
    expect(second.equals(first)).toBe(true);
    expect(first.toString()).toContain('0123456789');
  });

  it('fails instead of sending a body whose length would not match its Content-Length', async () => {
    const short: BodyPart = {
      field: 'uploadFile',
      fileName: 'b.zst',
      size: 100,
      async *open() {
        yield Buffer.alloc(60);
      },
    };
    const long: BodyPart = {
      field: 'uploadFile',
      fileName: 'b.zst',
      size: 10,
      async *open() {
        yield Buffer.alloc(60);
      },
    };
    await expect(collect(new MultipartBody([short]))).rejects.toThrow(/60 bytes instead of 100/);
    await expect(collect(new MultipartBody([long]))).rejects.toThrow(/instead of 10/);
  });
});
