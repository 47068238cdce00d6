// Attachment rules: a file is taken only while its conversation is in an active handoff, at most
// 50 MB, of an accepted type whose bytes match its name; it streams into the blob store as it
// arrives and is answered with a URL signed by Roster (HMAC-SHA256 under a key derived from the
// encryption key) that works for 7 days. File messages may carry only such URLs, issued for their
// own conversation. Rows go with their conversations (erasure) inside the unit of work; the bytes
// are deleted by a job, since a file cannot be rolled back. No HTTP, no SQL.
import { timingSafeEqual } from 'node:crypto';
import type { Readable } from 'node:stream';
import type { JobDefinition } from '../../jobs/jobs.runner.js';
import type { Clock } from '../../lib/clock.js';
import type { Keyring } from '../../lib/crypto.js';
import { AppError, fieldError, notFound } from '../../lib/errors.js';
import { newId, normalizeId } from '../../lib/ids.js';
import type { UnitOfWork, Work } from '../../platform/unit-of-work.js';
import type { BlobStore } from './attachments.blobs.js';
import type { Attachment, AttachmentsStore } from './attachments.store.js';
import { contentChecker, RefusedFile, SNIFF_BYTES, typeOfName } from './attachments.types.js';
import type { Conversation, ConversationsStore } from './conversations.store.js';

/** The largest file: 50 MB. */
export const ATTACHMENT_MAX_BYTES = 52_428_800;
/** How long an attachment's URL works. */
export const ATTACHMENT_URL_TTL_MS = 7 * 24 * 60 * 60 * 1000;
/** Where signed URLs point: GET /api/v2/attachments/<id>/<filename>?expires=&signature=. */
export const ATTACHMENTS_PATH = '/api/v2/attachments';
export const FILENAME_MAX = 255;

export const DELETE_BLOBS_KIND = 'conversations.delete_attachment_blobs';
export const PURGE_ATTACHMENTS_KIND = 'conversations.purge_expired_attachments';

const MAC_PURPOSE = 'attachment-url';
const KEYS_PER_JOB = 100;
const PURGE_BATCH = 500;

export const TOO_LARGE_MESSAGE = 'The file is larger than 50 MB (52,428,800 bytes).';

export interface UploadedFile {
  /** The file name the client sent. */
  filename: string;
  /** The bytes, as they arrive. */
  stream: AsyncIterable<Uint8Array>;
}

export interface AttachmentsServiceDeps {
  store: AttachmentsStore;
  conversations: ConversationsStore;
  blobs: BlobStore;
  units: UnitOfWork;
  clock: Clock;
  keyring: Keyring;
}

/** The longest file name in a URL, percent-encoded (the router's limit on a path segment). */
const FILENAME_URL_MAX = 200;

/**
 * The file name as stored and served: no folders, no control characters, at most 255 characters
 * and short enough to sit in a URL (the part before the extension is cut when it is not).
 */
export function cleanFilename(raw: string): string {
  const base = raw.split(/[/\\]/).pop() ?? '';
  // Cut by code points, so no character is split in half.
  let name = Array.from(base.replace(/[\u0000-\u001f\u007f"]/g, '').trim())
    .slice(0, FILENAME_MAX)
    .join('');
  if (encodeURIComponent(name).length <= FILENAME_URL_MAX) return name;
  const dot = name.lastIndexOf('.');
  const extension = dot > 0 ? name.slice(dot) : '';
  const stem = Array.from(dot > 0 ? name.slice(0, dot) : name);
  do {
    stem.pop();
    name = `${stem.join('')}${extension}`;
  } while (stem.length > 0 && encodeURIComponent(name).length > FILENAME_URL_MAX);
  return name;
}

function notInHandoff(conversation: Conversation): AppError {
  return new AppError(
    'unprocessable',
    conversation.status === 'ended'
      ? `Conversation "${conversation.id}" has ended; files can be attached only during an active handoff.`
      : `Conversation "${conversation.id}" is not in an active handoff; files can be attached only during one.`,
  );
}

const inHandoff = (c: Conversation) => c.status === 'active' && c.handoffIntegration !== null;

/** The leading chunks of a stream, at least `bytes` of them when the stream has that many, and the rest. */
async function splitHead(source: AsyncIterator<Uint8Array>, bytes: number) {
  const chunks: Uint8Array[] = [];
  let held = 0;
  let ended = false;
  while (held < bytes) {
    const next = await source.next();
    if (next.done) {
      ended = true;
      break;
    }
    chunks.push(next.value);
    held += next.value.length;
  }
  const joined = Buffer.concat(chunks, held);
  return { head: joined.subarray(0, Math.min(held, bytes)), chunks, ended };
}

export function createAttachmentsService(deps: AttachmentsServiceDeps) {
  const { store, conversations, blobs, units, clock, keyring } = deps;

  const sign = (id: string, filename: string, expires: number) =>
    keyring.mac(MAC_PURPOSE, `${id}\n${filename}\n${expires}`);

  function signatureMatches(id: string, filename: string, expires: string, signature: string): boolean {
    if (!/^[0-9]{1,12}$/.test(expires) || !/^[0-9a-f]{64}$/.test(signature)) return false;
    const expected = Buffer.from(sign(id, filename, Number(expires)), 'hex');
    return timingSafeEqual(expected, Buffer.from(signature, 'hex'));
  }

  /** The URL's path and query (the route puts the origin in front). */
  function urlPath(attachment: Attachment): string {
    const expires = Math.floor(attachment.expiresAt / 1000);
    const signature = sign(attachment.id, attachment.filename, expires);
    return `${ATTACHMENTS_PATH}/${attachment.id}/${encodeURIComponent(attachment.filename)}?expires=${expires}&signature=${signature}`;
  }

  /** The attachment a URL of ours names, when its signature holds and it has not expired; else null. */
  async function fromUrl(url: string): Promise<Attachment | null> {
    if (!URL.canParse(url, 'http://roster.invalid')) return null;
    const parsed = new URL(url, 'http://roster.invalid');
    const match = /\/api\/v2\/attachments\/([0-9a-f]{24})\/([^/]+)$/.exec(parsed.pathname);
    if (!match) return null;
    let filename: string;
    try {
      filename = decodeURIComponent(match[2] ?? '');
    } catch {
      return null;
    }
    const id = match[1] ?? '';
    const expires = parsed.searchParams.get('expires') ?? '';
    if (!signatureMatches(id, filename, expires, parsed.searchParams.get('signature') ?? '')) return null;
    if (Number(expires) * 1000 <= clock.now()) return null;
    const attachment = await store.findById(id);
    return attachment && attachment.filename === filename ? attachment : null;
  }

  /** Deletes the conversations' attachment rows in the unit and queues the deletion of their bytes. */
  async function forgetConversations(unit: Work, agentId: string, conversationIds: readonly string[]): Promise<void> {
    if (conversationIds.length === 0) return;
    const keys = await store.deleteByConversations(agentId, conversationIds, unit.ex);
    queueBlobDeletion(unit, keys);
  }

  function queueBlobDeletion(unit: Work, keys: readonly string[]): void {
    // Not tied to the agent: a reset of the test double, which drops an agent's jobs, keeps them.
    for (let i = 0; i < keys.length; i += KEYS_PER_JOB)
      unit.enqueue({ kind: DELETE_BLOBS_KIND, payload: { keys: keys.slice(i, i + KEYS_PER_JOB) } });
  }

  /** Deletes every attachment past its expiry (rows now, bytes by jobs); how many. */
  async function purgeExpired(): Promise<number> {
    let total = 0;
    for (;;) {
      const purged = await units.transaction(async (unit) => {
        const due = await store.deleteExpired(clock.now(), PURGE_BATCH, unit.ex);
        queueBlobDeletion(
          unit,
          due.map((d) => d.blobKey),
        );
        return due.length;
      });
      total += purged;
      if (purged < PURGE_BATCH) return total;
    }
  }

  return {
    urlPath,
    forgetConversations,
    purgeExpired,

    /** Deletes the files of one agent's attachments, or of all (the test double's reset; the rows go after). */
    async deleteFilesOf(agentId: string | null): Promise<void> {
      for (const key of await store.blobKeys(agentId)) await blobs.delete(key);
    },

    async upload(agentId: string, rawConversationId: string, file: UploadedFile): Promise<Attachment> {
      const id = normalizeId(rawConversationId);
      const conversation = id === null ? null : await conversations.findById(agentId, id);
      if (!conversation) throw notFound(`Conversation "${rawConversationId}"`);
      if (!inHandoff(conversation)) throw notInHandoff(conversation);
      const filename = cleanFilename(file.filename);
      if (filename === '') throw fieldError('file', "has no file name; send one in the part's Content-Disposition");

      let checker: Awaited<ReturnType<typeof contentChecker>>;
      let head: Awaited<ReturnType<typeof splitHead>>;
      let mimeType: string;
      const source = file.stream[Symbol.asyncIterator]();
      try {
        const { extension, type } = typeOfName(filename);
        head = await splitHead(source, SNIFF_BYTES);
        checker = await contentChecker(filename, extension, type, head.head);
        mimeType = type.mime;
      } catch (error) {
        if (error instanceof RefusedFile) throw fieldError('file', error.message);
        throw error;
      }
      let size = 0;
      const take = (chunk: Uint8Array) => {
        size += chunk.length;
        if (size > ATTACHMENT_MAX_BYTES) throw new AppError('payload_too_large', TOO_LARGE_MESSAGE);
        checker.check(chunk);
        return chunk;
      };
      const rest = head.ended ? null : source;
      const body = async function* () {
        for (const chunk of head.chunks) yield take(chunk);
        if (rest) {
          for (let next = await rest.next(); !next.done; next = await rest.next()) yield take(next.value);
        }
        checker.end();
      };

      const now = clock.now();
      const attachmentId = newId(now, agentId);
      const attachment: Attachment = {
        id: attachmentId,
        agentId,
        conversationId: conversation.id,
        endUserId: conversation.endUserId,
        blobKey: `${agentId}/${attachmentId}`,
        filename,
        mimeType,
        size: 0,
        createdAt: now,
        expiresAt: Math.floor((now + ATTACHMENT_URL_TTL_MS) / 1000) * 1000,
      };
      // The row comes first, so that whatever happens to the upload (a crash included) leaves a row
      // pointing at its file: the erasure or the expiry purge that removes the row removes the file.
      // Its size is set when the file is complete; until then no URL to it has been given out.
      await units.transaction(async (unit) => {
        const current = await conversations.findByIdForUpdate(agentId, conversation.id, unit.ex);
        if (!current) throw notFound(`Conversation "${rawConversationId}"`);
        if (!inHandoff(current)) throw notInHandoff(current);
        await store.insert(attachment, unit.ex);
      });
      try {
        await blobs.put(attachment.blobKey, body());
      } catch (error) {
        await store.deleteById(attachment.id);
        if (error instanceof RefusedFile) throw fieldError('file', error.message);
        throw error;
      }
      attachment.size = size;
      if (!(await store.setSize(attachment.id, size))) {
        // The conversation was erased while the file arrived: its deletion may have run before the
        // file was complete.
        await blobs.delete(attachment.blobKey);
        throw notFound(`Conversation "${rawConversationId}"`);
      }
      return attachment;
    },

    /**
     * The bytes behind a signed URL: 403 when the signature does not hold or the URL expired, 404
     * when the attachment is gone.
     */
    async open(
      rawId: string,
      filename: string,
      expires: string | undefined,
      signature: string | undefined,
    ): Promise<{ attachment: Attachment; stream: Readable }> {
      if (!signatureMatches(rawId, filename, expires ?? '', signature ?? ''))
        throw new AppError('forbidden', 'The attachment URL is not valid: its signature does not match.');
      if (Number(expires) * 1000 <= clock.now())
        throw new AppError('forbidden', 'The attachment URL has expired; URLs work for 7 days after the upload.');
      const gone = () => notFound('The attachment');
      const attachment = await store.findById(rawId);
      if (!attachment || attachment.filename !== filename) throw gone();
      const stream = await blobs.get(attachment.blobKey);
      if (!stream) throw gone();
      return { attachment, stream };
    },

    /**
     * The content of a file message, checked: its url must be one issued for this conversation
     * and unexpired, with the upload's mime_type and filename.
     */
    async fileContent(
      conversation: Conversation,
      content: { url?: string; mime_type?: string; filename?: string },
    ): Promise<{ type: 'file'; url: string; mime_type: string; filename: string }> {
      if (content.url === undefined) throw fieldError('$.content.url', 'is required for file content');
      if (content.mime_type === undefined) throw fieldError('$.content.mime_type', 'is required for file content');
      if (content.filename === undefined) throw fieldError('$.content.filename', 'is required for file content');
      const attachment = await fromUrl(content.url);
      if (!attachment || attachment.agentId !== conversation.agentId || attachment.conversationId !== conversation.id) {
        throw fieldError(
          '$.content.url',
          'is not an unexpired URL issued for this conversation by POST /api/v2/conversations/{conversation_id}/attachments/',
        );
      }
      if (content.mime_type !== attachment.mimeType)
        throw fieldError('$.content.mime_type', `must be the upload's mime_type, ${attachment.mimeType}`);
      if (content.filename !== attachment.filename)
        throw fieldError('$.content.filename', `must be the upload's filename, ${JSON.stringify(attachment.filename)}`);
      return { type: 'file', url: content.url, mime_type: content.mime_type, filename: content.filename };
    },

    /** Background work: deleting bytes whose rows are gone, and purging attachments past their expiry. */
    jobs(sweepEveryMs: number): JobDefinition[] {
      return [
        {
          kind: DELETE_BLOBS_KIND,
          concurrency: 2,
          leaseMs: 5 * 60_000,
          backoff: (attempt) => (attempt >= 12 ? null : Math.min(60 * 60_000, 15_000 * 2 ** (attempt - 1))),
          async run(job: { payload: { keys: string[] } }) {
            for (const key of job.payload.keys) await blobs.delete(key);
          },
        },
        {
          kind: PURGE_ATTACHMENTS_KIND,
          concurrency: 1,
          leaseMs: 5 * 60_000,
          every: sweepEveryMs,
          backoff: () => 30_000,
          async run() {
            await purgeExpired();
          },
        },
      ];
    },
  };
}

export type AttachmentsService = ReturnType<typeof createAttachmentsService>;
