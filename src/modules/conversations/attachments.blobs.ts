// Where attachment bytes live. One small interface, put a stream / get a stream / delete, with two
// implementations: files under the data directory (the default) and an S3-compatible bucket
// (ROSTER_BLOB_URL=s3://...), whose requests are signed with AWS Signature Version 4 by aws4fetch.
// Neither ever holds a whole file in memory: the disk store writes as bytes arrive, the S3 store
// sends a small file in one PUT and a larger one as a multipart upload of 8 MiB parts.
import fs from 'node:fs';
import path from 'node:path';
import { Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import type { ReadableStream as WebReadableStream } from 'node:stream/web';
import { AwsClient } from 'aws4fetch';
import type { BlobConfig, S3BlobConfig } from '../../config.js';

export interface BlobStore {
  /**
   * Stores the bytes under `key`, reading `body` as it arrives. When `body` throws (too large, not
   * the declared type) or the store fails, nothing is left under `key` and the error is rethrown.
   */
  put(key: string, body: AsyncIterable<Uint8Array>): Promise<void>;
  /** The bytes under `key` as a stream, or null when there are none. */
  get(key: string): Promise<Readable | null>;
  /** Removes the bytes under `key`; removing what is not there succeeds. */
  delete(key: string): Promise<void>;
  /** Where the blobs are, without credentials (logs). */
  describe(): string;
}

/** Keys are made by Roster: "<agent id>/<attachment id>", lower-case hexadecimal. */
const KEY = /^[0-9a-f]{24}\/[0-9a-f]{24}$/;

function checkKey(key: string): void {
  if (!KEY.test(key)) throw new Error(`not a blob key: ${JSON.stringify(key)}`);
}

/** Files under `dir`, one folder per AI Agent, written to a temporary name and renamed when complete. */
export function createDiskBlobStore(dir: string): BlobStore {
  const fileOf = (key: string) => {
    checkKey(key);
    return path.join(dir, ...key.split('/'));
  };
  return {
    async put(key, body) {
      const file = fileOf(key);
      await fs.promises.mkdir(path.dirname(file), { recursive: true, mode: 0o700 });
      const partial = `${file}.partial`;
      try {
        await pipeline(Readable.from(body), fs.createWriteStream(partial, { mode: 0o600 }));
        await fs.promises.rename(partial, file);
      } catch (error) {
        await fs.promises.rm(partial, { force: true });
        throw error;
      }
    },
    async get(key) {
      let handle: fs.promises.FileHandle;
      try {
        handle = await fs.promises.open(fileOf(key), 'r');
      } catch (error) {
        if ((error as NodeJS.ErrnoException).code === 'ENOENT') return null;
        throw error;
      }
      return handle.createReadStream();
    },
    async delete(key) {
      // A partial file too: an upload cut off by a crash leaves one.
      await fs.promises.rm(`${fileOf(key)}.partial`, { force: true });
      await fs.promises.rm(fileOf(key), { force: true });
    },
    describe: () => `directory ${dir}`,
  };
}

/** Parts of a multipart upload (S3 wants at least 5 MiB for every part but the last). */
export const S3_PART_BYTES = 8 * 1024 * 1024;

/** Collects chunks into parts of `size` bytes (the last may be shorter), copying each chunk once. */
async function* partsOf(body: AsyncIterable<Uint8Array>, size: number): AsyncGenerator<Buffer> {
  let chunks: Uint8Array[] = [];
  let held = 0;
  for await (const chunk of body) {
    let rest = chunk;
    while (held + rest.length >= size) {
      const take = size - held;
      chunks.push(rest.subarray(0, take));
      yield Buffer.concat(chunks, size);
      rest = rest.subarray(take);
      chunks = [];
      held = 0;
    }
    if (rest.length > 0) {
      chunks.push(rest);
      held += rest.length;
    }
  }
  if (held > 0 || chunks.length > 0) yield Buffer.concat(chunks, held);
}

function xmlText(xml: string, tag: string): string | null {
  const match = new RegExp(`<${tag}>([^<]*)</${tag}>`).exec(xml);
  return match ? (match[1] ?? null) : null;
}

const escapeXml = (s: string) =>
  s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;');

async function expectOk(response: Response, what: string): Promise<Response> {
  if (response.ok) return response;
  const text = await response.text().catch(() => '');
  const code = xmlText(text, 'Code');
  throw new Error(`S3 ${what} answered ${response.status}${code ? ` ${code}` : ''}`);
}

/** An S3-compatible bucket (AWS S3, MinIO, R2, ...), addressed path-style. */
export function createS3BlobStore(config: S3BlobConfig, options: { partBytes?: number } = {}): BlobStore {
  const partBytes = options.partBytes ?? S3_PART_BYTES;
  const client = new AwsClient({
    accessKeyId: config.accessKeyId,
    secretAccessKey: config.secretAccessKey,
    service: 's3',
    region: config.region,
    retries: 0,
  });
  const base = `${config.endpoint}/${encodeURIComponent(config.bucket)}/`;
  const urlOf = (key: string, query = '') => {
    checkKey(key);
    const objectPath = `${config.prefix}${key}`.split('/').map(encodeURIComponent).join('/');
    return `${base}${objectPath}${query}`;
  };
  const send = (url: string, init: RequestInit) => client.fetch(url, init);

  async function multipart(key: string, first: Buffer, parts: AsyncGenerator<Buffer>): Promise<void> {
    const created = await expectOk(await send(urlOf(key, '?uploads'), { method: 'POST' }), 'CreateMultipartUpload');
    const uploadId = xmlText(await created.text(), 'UploadId');
    if (!uploadId) throw new Error('S3 CreateMultipartUpload answered without an UploadId');
    const id = encodeURIComponent(uploadId);
    const etags: string[] = [];
    try {
      let part: Buffer | undefined = first;
      while (part !== undefined) {
        const number = etags.length + 1;
        const answer = await expectOk(
          await send(urlOf(key, `?partNumber=${number}&uploadId=${id}`), { method: 'PUT', body: part }),
          'UploadPart',
        );
        etags.push(answer.headers.get('etag') ?? '');
        const next = await parts.next();
        part = next.done ? undefined : next.value;
      }
      const xml =
        '<CompleteMultipartUpload>' +
        etags
          .map((etag, i) => `<Part><PartNumber>${i + 1}</PartNumber><ETag>${escapeXml(etag)}</ETag></Part>`)
          .join('') +
        '</CompleteMultipartUpload>';
      const completed = await expectOk(
        await send(urlOf(key, `?uploadId=${id}`), { method: 'POST', body: xml }),
        'CompleteMultipartUpload',
      );
      // S3 may answer 200 with an error document when completing fails late.
      const text = await completed.text();
      if (text.includes('<Error>')) throw new Error(`S3 CompleteMultipartUpload failed: ${xmlText(text, 'Code')}`);
    } catch (error) {
      await send(urlOf(key, `?uploadId=${id}`), { method: 'DELETE' }).catch(() => undefined);
      throw error;
    }
  }

  return {
    async put(key, body) {
      const parts = partsOf(body, partBytes);
      const first = await parts.next();
      const head = first.done ? Buffer.alloc(0) : first.value;
      if (head.length < partBytes) {
        // The whole file fits in one part: a single PUT (the generator has ended).
        await expectOk(await send(urlOf(key), { method: 'PUT', body: head }), 'PutObject');
        return;
      }
      const second = await parts.next();
      if (second.done) {
        await expectOk(await send(urlOf(key), { method: 'PUT', body: head }), 'PutObject');
        return;
      }
      await multipart(
        key,
        head,
        (async function* () {
          yield second.value;
          yield* parts;
        })(),
      );
    },
    async get(key) {
      const response = await send(urlOf(key), { method: 'GET' });
      if (response.status === 404) {
        await response.body?.cancel();
        return null;
      }
      await expectOk(response, 'GetObject');
      if (!response.body) return Readable.from([]);
      return Readable.fromWeb(response.body as WebReadableStream<Uint8Array>);
    },
    async delete(key) {
      const response = await send(urlOf(key), { method: 'DELETE' });
      await response.body?.cancel();
      if (response.status !== 404) await expectOk(response, 'DeleteObject');
    },
    describe: () => `S3 bucket ${config.bucket} at ${config.endpoint}`,
  };
}

export function createBlobStore(config: BlobConfig): BlobStore {
  return config.kind === 's3' ? createS3BlobStore(config) : createDiskBlobStore(config.dir);
}
