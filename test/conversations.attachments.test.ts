// Attachments: POST /api/v2/conversations/{id}/attachments/ takes one multipart file during an
// active handoff, checks its type by name and by content, streams it to the blob store (50 MB at
// most, 413 past that, read by fetch) and answers a signed URL that serves the bytes for 7 days
// without an API key. File messages take only such URLs of their own conversation. Erasure removes
// the rows and, by a job, the files. The S3-compatible store is tested against an in-test server
// that checks every request's SigV4 Authorization header.
import { execFile } from 'node:child_process';
import { createHash } from 'node:crypto';
import fs from 'node:fs';
import http from 'node:http';
import type net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import v8 from 'node:v8';
import vm from 'node:vm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { parseBlobUrl } from '../src/config.js';
import { createResetter } from '../src/emulator/reset.js';
import { createS3BlobStore } from '../src/modules/conversations/attachments.blobs.js';
import {
  ATTACHMENT_MAX_BYTES,
  ATTACHMENT_URL_TTL_MS,
  DELETE_BLOBS_KIND,
} from '../src/modules/conversations/attachments.service.js';
import { ENGINES, createTestContext, expectError, type TestContext } from './helpers/harness.js';
import { CONVERSATIONS, newChannel, newConversation, postMessage } from './helpers/conversations.js';
import { newUser } from './helpers/end-users.js';
import { BOUNDARY, EXE, PDF, PNG, SVG, multipart, partHead, type Part } from './helpers/attachments.js';

/** A multipart body with one file of `size` bytes (a PDF header, then zeros), made as it is sent. */
async function* streamedPdf(filename: string, size: number): AsyncGenerator<Uint8Array> {
  yield Buffer.from(partHead({ name: 'file', filename, type: 'application/pdf', data: '' }));
  const header = Buffer.from('%PDF-1.7\n');
  yield header;
  // The same zeros every time: the generator itself holds 64 KiB, whatever the size.
  const block = new Uint8Array(64 * 1024);
  let left = size - header.length;
  while (left > 0) {
    const n = Math.min(left, block.length);
    yield n === block.length ? block : block.subarray(0, n);
    left -= n;
  }
  yield Buffer.from(`\r\n--${BOUNDARY}--\r\n`);
}

const DAY = 24 * 60 * 60 * 1000;
const run = promisify(execFile);
const attachmentsOf = (conversationId: string) => `${CONVERSATIONS}${conversationId}/attachments/`;
const targetOf = (url: string) => {
  const parsed = new URL(url);
  return `${parsed.pathname}${parsed.search}`;
};

describe.each(ENGINES)('conversation attachments on %s', (engine) => {
  let ctx: TestContext;
  let base: string;
  let channelId: string;
  let blobDir: string;

  beforeAll(async () => {
    ctx = await createTestContext(engine, { manualClock: true });
    await ctx.app.listen({ port: 0, host: '127.0.0.1' });
    base = `http://127.0.0.1:${(ctx.app.server.address() as net.AddressInfo).port}`;
    channelId = (await newChannel(ctx)).id;
    blobDir = path.join(ctx.container.config.dataDir, 'attachments');
  });
  afterAll(async () => ctx?.close());

  const store = () => ctx.container.modules.conversations.store;

  /** A conversation of agent A (or of the key's agent) in an active handoff to zendesk_chat. */
  async function handedOff(key?: string, endUserId?: string): Promise<any> {
    const channel = key ? (await newChannel(ctx, {}, key)).id : channelId;
    const conversation = await newConversation(
      ctx,
      { channel_id: channel, ...(endUserId ? { end_user_id: endUserId } : {}) },
      key,
    );
    const agent = key === ctx.keyB ? ctx.agentB : ctx.agentA;
    const current = await store().findById(agent, conversation.id);
    await store().update({ ...current!, handoffIntegration: 'zendesk_chat' }, ctx.container.db.root);
    return conversation;
  }

  function upload(conversationId: string, parts: Part[], key?: string) {
    const { payload, headers } = multipart(parts);
    return ctx.request('POST', attachmentsOf(conversationId), { payload, headers, ...(key ? { key } : {}) });
  }

  const fileOf = (filename: string, data: Buffer | string, type = 'application/octet-stream'): Part => ({
    name: 'file',
    filename,
    type,
    data,
  });

  const download = (url: string) => ctx.app.inject({ method: 'GET', url: targetOf(url) });

  async function rowsOf(conversationId: string) {
    return ctx.container.db.kysely
      .selectFrom('conversation_attachments')
      .selectAll()
      .where('conversation_id', '=', conversationId)
      .execute();
  }

  /** Every file under the blob directory (with any partial upload). */
  function storedFiles(): string[] {
    if (!fs.existsSync(blobDir)) return [];
    return fs
      .readdirSync(blobDir, { recursive: true, withFileTypes: true })
      .filter((entry) => entry.isFile())
      .map((entry) => path.join(entry.parentPath, entry.name));
  }

  it('answers 201 with a signed url that serves the bytes without an API key', async () => {
    const conversation = await handedOff();
    const res = await upload(conversation.id, [fileOf('chart.png', PNG, 'image/png')]);
    expect(res.status, res.raw).toBe(201);
    expect(Object.keys(res.body).sort()).toEqual(['filename', 'mime_type', 'url']);
    expect(res.body).toMatchObject({ mime_type: 'image/png', filename: 'chart.png' });
    const url = new URL(res.body.url);
    expect(url.origin).toBe('http://localhost');
    expect(url.pathname).toMatch(/^\/api\/v2\/attachments\/[0-9a-f]{24}\/chart\.png$/);
    const expires = Number(url.searchParams.get('expires'));
    expect(Math.abs(expires * 1000 - (ctx.clock.now() + ATTACHMENT_URL_TTL_MS))).toBeLessThan(1000);
    expect(url.searchParams.get('signature')).toMatch(/^[0-9a-f]{64}$/);

    const got = await download(res.body.url);
    expect(got.statusCode).toBe(200);
    expect(got.rawPayload.equals(PNG)).toBe(true);
    expect(got.headers['content-type']).toBe('image/png');
    expect(got.headers['content-disposition']).toBe(`attachment; filename="chart.png"; filename*=UTF-8''chart.png`);
    expect(got.headers['x-content-type-options']).toBe('nosniff');
    expect(got.headers['content-security-policy']).toBe("default-src 'none'; sandbox");

    const [row] = await rowsOf(conversation.id);
    expect(row).toMatchObject({
      agent_id: ctx.agentA,
      end_user_id: conversation.end_user_id,
      filename: 'chart.png',
      mime_type: 'image/png',
    });
    expect(Number(row!.size)).toBe(PNG.length);
    expect(fs.readFileSync(path.join(blobDir, ...row!.blob_key.split('/'))).equals(PNG)).toBe(true);

    // Over real HTTP too, with fetch and no Authorization header.
    const fetched = await fetch(`${base}${targetOf(res.body.url)}`);
    expect(fetched.status).toBe(200);
    expect(Buffer.from(await fetched.arrayBuffer()).equals(PNG)).toBe(true);
  });

  it('takes the type from the name and the content: SVG, text, a ZIP container, folders stripped', async () => {
    const conversation = await handedOff();
    const svg = await upload(conversation.id, [fileOf('logo.svg', SVG, 'image/svg+xml')]);
    expect(svg.status, svg.raw).toBe(201);
    expect(svg.body.mime_type).toBe('image/svg+xml');
    const text = await upload(conversation.id, [fileOf('../../etc/notes.TXT', 'héllo, wörld\n', 'text/plain')]);
    expect(text.status, text.raw).toBe(201);
    expect(text.body).toMatchObject({ filename: 'notes.TXT', mime_type: 'text/plain' });
    const zip = Buffer.from('504b0506000000000000000000000000000000000000', 'hex');
    const docx = await upload(conversation.id, [fileOf('report.docx', zip)]);
    expect(docx.status, docx.raw).toBe(201);
    expect(docx.body.mime_type).toBe('application/vnd.openxmlformats-officedocument.wordprocessingml.document');
    // A long name is shortened before its extension, so that its URL still works.
    const long = await upload(conversation.id, [fileOf(`${'ü'.repeat(240)}.png`, PNG)]);
    expect(long.status, long.raw).toBe(201);
    expect(long.body.filename).toMatch(/^ü+\.png$/);
    expect(encodeURIComponent(long.body.filename).length).toBeLessThanOrEqual(200);
    const longServed = await download(long.body.url);
    expect(longServed.statusCode).toBe(200);
    expect(longServed.headers['content-disposition']).toContain(
      `filename*=UTF-8''${encodeURIComponent(long.body.filename)}`,
    );
    const served = await download(text.body.url);
    expect(served.rawPayload.toString('utf8')).toBe('héllo, wörld\n');
    expect(served.headers['content-type']).toBe('text/plain');
  });

  it('refuses a tampered or expired url with 403, and a deleted attachment with 404', async () => {
    const conversation = await handedOff();
    const res = await upload(conversation.id, [fileOf('scan.pdf', PDF)]);
    expect(res.status, res.raw).toBe(201);
    const url = new URL(res.body.url);
    const signature = url.searchParams.get('signature')!;
    const tampered = new URL(url);
    tampered.searchParams.set('signature', `${signature.slice(0, -1)}${signature.endsWith('0') ? '1' : '0'}`);
    expectError(await ctx.request('GET', targetOf(tampered.href), { key: null }), 403, 'forbidden');
    const later = new URL(url);
    later.searchParams.set('expires', String(Number(url.searchParams.get('expires')) + DAY / 1000));
    expectError(await ctx.request('GET', targetOf(later.href), { key: null }), 403, 'forbidden');
    const renamed = targetOf(url.href).replace('/scan.pdf?', '/other.pdf?');
    expectError(await ctx.request('GET', renamed, { key: null }), 403, 'forbidden');
    const unsigned = new URL(url);
    unsigned.search = '';
    expectError(await ctx.request('GET', targetOf(unsigned.href), { key: null }), 403, 'forbidden');

    const start = ctx.clock.now();
    try {
      ctx.clock.advance(7 * DAY - 5_000);
      expect((await download(res.body.url)).statusCode).toBe(200);
      ctx.clock.advance(10_000);
      const expired = expectError(await ctx.request('GET', targetOf(res.body.url), { key: null }), 403, 'forbidden');
      expect(expired.message).toMatch(/expired/);
      // The periodic purge removes expired attachments, row and file.
      const [row] = await rowsOf(conversation.id);
      // What a crash in the middle of an upload leaves beside a row goes with it too.
      const partial = `${path.join(blobDir, ...row!.blob_key.split('/'))}.partial`;
      fs.writeFileSync(partial, 'cut off');
      expect(await ctx.container.modules.conversations.attachments.purgeExpired()).toBeGreaterThanOrEqual(1);
      await ctx.container.jobs.drain(DELETE_BLOBS_KIND);
      expect(await rowsOf(conversation.id)).toHaveLength(0);
      expect(fs.existsSync(path.join(blobDir, ...row!.blob_key.split('/')))).toBe(false);
      expect(fs.existsSync(partial)).toBe(false);
    } finally {
      ctx.clock.set(start);
    }
    expectError(await ctx.request('GET', targetOf(res.body.url), { key: null }), 404, 'not_found');
  });

  it('answers 422 outside an active handoff', async () => {
    const plain = await newConversation(ctx, { channel_id: channelId });
    const res = expectError(await upload(plain.id, [fileOf('chart.png', PNG)]), 422, 'unprocessable');
    expect(res.message).toMatch(/not in an active handoff/);
    const ended = await handedOff();
    expect((await ctx.request('POST', `${CONVERSATIONS}${ended.id}/end/`)).status).toBe(200);
    expectError(await upload(ended.id, [fileOf('chart.png', PNG)]), 422, 'unprocessable');
    expect(await rowsOf(plain.id)).toHaveLength(0);
  });

  it('answers 404 for an unknown conversation or one of another AI Agent', async () => {
    const mine = await handedOff();
    expectError(await upload(mine.id, [fileOf('chart.png', PNG)], ctx.keyB), 404, 'not_found');
    expectError(await upload('ffffffffffffffffffffffff', [fileOf('chart.png', PNG)]), 404, 'not_found');
    expectError(await upload('not-an-id', [fileOf('chart.png', PNG)]), 404, 'not_found');
    expect(await rowsOf(mine.id)).toHaveLength(0);
    // B's own conversation in handoff works for B, and A cannot use it.
    const theirs = await handedOff(ctx.keyB);
    expect((await upload(theirs.id, [fileOf('chart.png', PNG)], ctx.keyB)).status).toBe(201);
    expectError(await upload(theirs.id, [fileOf('chart.png', PNG)]), 404, 'not_found');
  });

  it.each([
    ['an extension not accepted', 'setup.exe', EXE, /not a file type Roster accepts/],
    ['no extension', 'README', PNG, /no extension/],
    ['a .png holding a PDF', 'photo.png', PDF, /named \.png but its content is PDF/],
    ['a .pdf holding a program', 'invoice.pdf', EXE, /named \.pdf but its content is EXE/],
    ['a .jpg holding a PNG', 'photo.jpg', PNG, /named \.jpg but its content is PNG/],
    ['a .txt holding a PNG', 'notes.txt', PNG, /named \.txt but its content is PNG/],
    ['a .csv with NUL bytes', 'table.csv', Buffer.from('a,b\n\u0000\u0001,2\n'), /not UTF-8 text/],
    ['a .log that is not UTF-8', 'server.log', Buffer.from([0x61, 0xff, 0xfe, 0x62]), /not UTF-8 text/],
    ['an .svg without an svg element', 'logo.svg', Buffer.from('<html><body>hi</body></html>'), /no <svg> element/],
    ['a .docx that is no ZIP', 'letter.docx', PDF, /named \.docx but its content is PDF/],
  ])('refuses %s with 400 and stores nothing', async (_name, filename, data, message) => {
    const conversation = await handedOff();
    const before = storedFiles().length;
    const error = expectError(await upload(conversation.id, [fileOf(filename, data)]), 400, 'validation_error');
    expect(error.message).toMatch(message);
    expect(error.details[0]).toMatchObject({ parameter: 'file', location: 'body' });
    expect(await rowsOf(conversation.id)).toHaveLength(0);
    expect(storedFiles()).toHaveLength(before);
  });

  it('answers 400 without the file field or without a multipart body', async () => {
    const conversation = await handedOff();
    const onlyField = expectError(
      await upload(conversation.id, [{ name: 'note', data: 'no file here' }]),
      400,
      'validation_error',
    );
    expect(onlyField.details[0]).toMatchObject({ parameter: 'file' });
    const elsewhere = await upload(conversation.id, [{ name: 'upload', filename: 'chart.png', data: PNG }]);
    expectError(elsewhere, 400, 'validation_error');
    const json = expectError(
      await ctx.request('POST', attachmentsOf(conversation.id), { body: { file: 'chart.png' } }),
      400,
      'bad_request',
    );
    expect(json.message).toMatch(/multipart\/form-data/);
    expectError(await ctx.request('POST', attachmentsOf(conversation.id)), 400, 'bad_request');
    expectError(
      await ctx.request('POST', attachmentsOf(conversation.id), {
        payload: 'garbage',
        headers: { 'content-type': 'multipart/form-data' },
      }),
      400,
      'bad_request',
    );
    // A form that breaks off before its closing boundary.
    const cut = multipart([fileOf('chart.png', PNG)]).payload;
    const truncated = await ctx.request('POST', attachmentsOf(conversation.id), {
      payload: cut.subarray(0, cut.length - 30),
      headers: { 'content-type': `multipart/form-data; boundary=${BOUNDARY}` },
    });
    expectError(truncated, 400, 'bad_request');
    expect(await rowsOf(conversation.id)).toHaveLength(0);
    // Other routes still refuse multipart bodies: only this route reads them.
    const { payload, headers } = multipart([fileOf('chart.png', PNG)]);
    const elsewhereRoute = await ctx.request('POST', '/api/v2/end-users/', { payload, headers });
    expect(elsewhereRoute.status).toBe(400);
  });

  it('takes a file message only with a url issued for the same conversation', async () => {
    const conversation = await handedOff();
    const other = await handedOff();
    const issued = (await upload(conversation.id, [fileOf('receipt.pdf', PDF)])).body;
    const foreign = (await upload(other.id, [fileOf('receipt.pdf', PDF)])).body;
    const theirs = (await upload((await handedOff(ctx.keyB)).id, [fileOf('receipt.pdf', PDF)], ctx.keyB)).body;
    const author = { role: 'human_agent', display_name: 'Sam' };
    const file = (content: Record<string, unknown>) => ({ author, content: { type: 'file', ...content } });

    const posted = await postMessage(ctx, conversation.id, file(issued));
    expect(posted.status, posted.raw).toBe(201);
    expect(posted.body.content).toEqual({ type: 'file', ...issued });
    const log = await ctx.request('GET', `${CONVERSATIONS}${conversation.id}/messages/`);
    expect(log.body.data.at(-1).content).toEqual({ type: 'file', ...issued });
    // The end user may send one too.
    const fromUser = await postMessage(ctx, conversation.id, {
      author: { role: 'end_user', id: conversation.end_user_id },
      content: { type: 'file', ...issued },
    });
    expect(fromUser.status, fromUser.raw).toBe(201);

    for (const [content, parameter] of [
      [foreign, '$.content.url'],
      [theirs, '$.content.url'],
      [{ ...issued, url: 'https://files.example.com/receipt.pdf' }, '$.content.url'],
      [{ ...issued, url: issued.url.replace(/signature=[0-9a-f]/, 'signature=x') }, '$.content.url'],
      [{ ...issued, mime_type: 'image/png' }, '$.content.mime_type'],
      [{ ...issued, filename: 'other.pdf' }, '$.content.filename'],
      [{ url: issued.url, filename: issued.filename }, '$.content.mime_type'],
    ] as const) {
      const error = expectError(await postMessage(ctx, conversation.id, file(content)), 400, 'validation_error');
      expect(error.details[0].parameter).toBe(parameter);
    }

    const start = ctx.clock.now();
    try {
      ctx.clock.advance(7 * DAY + 1_000);
      expectError(await postMessage(ctx, conversation.id, file(issued)), 400, 'validation_error');
    } finally {
      ctx.clock.set(start);
    }
  });

  it('erasing the end user removes the rows and, by a job, the files', async () => {
    const mark = `att${Date.now().toString(36)}`;
    const user = await newUser(ctx, { profile: { email: `${mark}@example.com` } });
    const conversation = await handedOff(undefined, user.end_user_id);
    const first = await upload(conversation.id, [fileOf('a.png', PNG)]);
    const second = await upload(conversation.id, [fileOf('b.pdf', PDF)]);
    const kept = await upload((await handedOff()).id, [fileOf('kept.png', PNG)]);
    const files = (await rowsOf(conversation.id)).map((r) => path.join(blobDir, ...r.blob_key.split('/')));
    expect(files).toHaveLength(2);
    for (const file of files) expect(fs.existsSync(file)).toBe(true);

    const res = await ctx.request('POST', '/api/v2/end-users/delete', {
      body: { identifiers: [{ type: 'email', value: `${mark}@example.com` }] },
    });
    expect(res.status, res.raw).toBe(202);
    await ctx.container.jobs.drain('compliance.erasure');
    expect(await rowsOf(conversation.id)).toHaveLength(0);
    await ctx.container.jobs.drain(DELETE_BLOBS_KIND);
    for (const file of files) expect(fs.existsSync(file)).toBe(false);
    for (const url of [first.body.url, second.body.url])
      expectError(await ctx.request('GET', targetOf(url), { key: null }), 404, 'not_found');
    expect((await download(kept.body.url)).statusCode).toBe(200);
  });

  it("a test-double reset removes an agent's attachments, rows and files", async () => {
    const theirs = await upload((await handedOff(ctx.keyB)).id, [fileOf('chart.png', PNG)], ctx.keyB);
    expect(theirs.status).toBe(201);
    const mine = await upload((await handedOff()).id, [fileOf('chart.png', PNG)]);
    const agentFiles = (agent: string) => storedFiles().filter((f) => f.includes(`${path.sep}${agent}${path.sep}`));
    expect(agentFiles(ctx.agentB).length).toBeGreaterThan(0);
    await createResetter(ctx.container).reset(ctx.agentB);
    const left = await ctx.container.db.kysely
      .selectFrom('conversation_attachments')
      .select('id')
      .where('agent_id', '=', ctx.agentB)
      .execute();
    expect(left).toHaveLength(0);
    expect(agentFiles(ctx.agentB)).toHaveLength(0);
    expect(agentFiles(ctx.agentA).length).toBeGreaterThan(0);
    expectError(await ctx.request('GET', targetOf(theirs.body.url), { key: null }), 404, 'not_found');
    expect((await download(mine.body.url)).statusCode).toBe(200);
  });

  it('streams a 50 MB upload to storage without holding it in memory; one byte more answers 413', async () => {
    const conversation = await handedOff();
    const url = `${base}${attachmentsOf(conversation.id)}`;
    const send = (size: number) =>
      fetch(url, {
        method: 'POST',
        headers: {
          authorization: `Bearer ${ctx.keyA}`,
          'content-type': `multipart/form-data; boundary=${BOUNDARY}`,
        },
        body: ReadableStream.from(streamedPdf('big.pdf', size)),
        duplex: 'half',
      } as RequestInit);

    // Memory still referenced, measured after a full collection, while the upload runs: a server
    // that held the file would hold 50 MB; one that streams holds its buffers only.
    v8.setFlagsFromString('--expose-gc');
    const gc = vm.runInNewContext('gc') as () => void;
    const used = () => {
      gc();
      const m = process.memoryUsage();
      return m.arrayBuffers + m.heapUsed;
    };
    const baseline = used();
    let peak = baseline;
    let samples = 0;
    const sampler = setInterval(() => {
      peak = Math.max(peak, used());
      samples++;
    }, 250);
    let res: Response;
    try {
      res = await send(ATTACHMENT_MAX_BYTES);
    } finally {
      clearInterval(sampler);
    }
    expect(res.status, await res.clone().text()).toBe(201);
    const body = (await res.json()) as { url: string };
    expect(samples).toBeGreaterThan(0);
    expect(peak - baseline).toBeLessThan(24 * 1024 * 1024);
    const [row] = await rowsOf(conversation.id);
    expect(Number(row!.size)).toBe(ATTACHMENT_MAX_BYTES);
    expect(fs.statSync(path.join(blobDir, ...row!.blob_key.split('/'))).size).toBe(ATTACHMENT_MAX_BYTES);
    const head = await fetch(`${base}${targetOf(body.url)}`);
    expect(head.headers.get('content-length')).toBe(String(ATTACHMENT_MAX_BYTES));
    await head.body?.cancel();

    const filesBefore = storedFiles().length;
    const over = await send(ATTACHMENT_MAX_BYTES + 1);
    expect(over.status).toBe(413);
    const error = (await over.json()) as { errors: Array<{ type: string; message: string }> };
    expect(error.errors[0]).toMatchObject({ type: 'payload_too_large' });
    expect(error.errors[0]!.message).toMatch(/50 MB/);
    expect(await rowsOf(conversation.id)).toHaveLength(1);
    expect(storedFiles()).toHaveLength(filesBefore);
    // The connection still serves requests afterwards.
    expect((await fetch(`${base}/healthz`)).status).toBe(200);

    // curl reads the same answer, sending a file from disk.
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'roster-attach-'));
    try {
      const big = path.join(dir, 'big.pdf');
      const handle = fs.openSync(big, 'w');
      fs.writeSync(handle, '%PDF-1.7\n');
      fs.ftruncateSync(handle, ATTACHMENT_MAX_BYTES + 4096);
      fs.closeSync(handle);
      const { stdout } = await run('curl', [
        '-sS',
        '-w',
        '\n%{http_code}',
        '-H',
        `Authorization: Bearer ${ctx.keyA}`,
        '-F',
        `file=@${big}`,
        url,
      ]);
      const lines = stdout.trim().split('\n');
      expect(lines.at(-1)).toBe('413');
      expect(JSON.parse(lines.slice(0, -1).join('\n')).errors[0].type).toBe('payload_too_large');
    } finally {
      fs.rmSync(dir, { recursive: true, force: true });
    }
    expect(storedFiles()).toHaveLength(filesBefore);
  });

  it('answers a file refused half-way with 400, read by fetch, and keeps nothing', async () => {
    const conversation = await handedOff();
    const filesBefore = storedFiles().length;
    // 8 MB of text, then a NUL byte: refused only at the end of the stream.
    async function* body() {
      yield Buffer.from(partHead({ name: 'file', filename: 'server.log', data: '' }));
      const line = Buffer.from('a line of the log\n'.repeat(4096));
      for (let sent = 0; sent < 8 * 1024 * 1024; sent += line.length) yield line;
      yield Buffer.from([0]);
      yield Buffer.from(`\r\n--${BOUNDARY}--\r\n`);
    }
    const res = await fetch(`${base}${attachmentsOf(conversation.id)}`, {
      method: 'POST',
      headers: { authorization: `Bearer ${ctx.keyA}`, 'content-type': `multipart/form-data; boundary=${BOUNDARY}` },
      body: ReadableStream.from(body()),
      duplex: 'half',
    } as RequestInit);
    expect(res.status).toBe(400);
    const error = (await res.json()) as { errors: Array<{ message: string }> };
    expect(error.errors[0]!.message).toMatch(/not UTF-8 text/);
    expect(await rowsOf(conversation.id)).toHaveLength(0);
    expect(storedFiles()).toHaveLength(filesBefore);
  });
});

interface StoredObject {
  body: Buffer;
}

/** An S3-compatible server in memory: objects, multipart uploads, and a SigV4 header on every request. */
function fakeS3() {
  const objects = new Map<string, StoredObject>();
  const uploads = new Map<string, Map<number, Buffer>>();
  const requests: Array<{ method: string; url: string; authorization: string; sha: string }> = [];
  const server = http.createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      const body = Buffer.concat(chunks);
      const url = new URL(req.url ?? '/', 'http://s3.local');
      const authorization = req.headers.authorization ?? '';
      requests.push({
        method: req.method ?? '',
        url: url.pathname + url.search,
        authorization,
        sha: String(req.headers['x-amz-content-sha256'] ?? ''),
      });
      const answer = (status: number, text = '') => {
        res.writeHead(status, { 'content-type': 'application/xml' });
        res.end(text);
      };
      if (
        !/^AWS4-HMAC-SHA256 Credential=AKIDTEST\/\d{8}\/eu-west-1\/s3\/aws4_request, SignedHeaders=[a-z0-9;-]+, Signature=[0-9a-f]{64}$/.test(
          authorization,
        )
      )
        return answer(403, '<Error><Code>AccessDenied</Code></Error>');
      const key = decodeURIComponent(url.pathname);
      const uploadId = url.searchParams.get('uploadId');
      if (req.method === 'POST' && url.searchParams.has('uploads')) {
        const id = createHash('sha1')
          .update(key + Math.random())
          .digest('hex');
        uploads.set(id, new Map());
        return answer(200, `<InitiateMultipartUploadResult><UploadId>${id}</UploadId></InitiateMultipartUploadResult>`);
      }
      if (req.method === 'PUT' && uploadId) {
        const parts = uploads.get(uploadId);
        if (!parts) return answer(404, '<Error><Code>NoSuchUpload</Code></Error>');
        const number = Number(url.searchParams.get('partNumber'));
        parts.set(number, body);
        res.writeHead(200, { etag: `"${createHash('md5').update(body).digest('hex')}"` });
        return res.end();
      }
      if (req.method === 'POST' && uploadId) {
        const parts = uploads.get(uploadId);
        if (!parts) return answer(404, '<Error><Code>NoSuchUpload</Code></Error>');
        const numbers = [...body.toString().matchAll(/<PartNumber>(\d+)<\/PartNumber>/g)].map((m) => Number(m[1]));
        objects.set(key, { body: Buffer.concat(numbers.map((n) => parts.get(n) ?? Buffer.alloc(0))) });
        uploads.delete(uploadId);
        return answer(200, '<CompleteMultipartUploadResult></CompleteMultipartUploadResult>');
      }
      if (req.method === 'DELETE' && uploadId) {
        uploads.delete(uploadId);
        return answer(204);
      }
      if (req.method === 'PUT') {
        objects.set(key, { body });
        return answer(200);
      }
      if (req.method === 'GET') {
        const object = objects.get(key);
        if (!object) return answer(404, '<Error><Code>NoSuchKey</Code></Error>');
        res.writeHead(200, { 'content-type': 'application/octet-stream' });
        return res.end(object.body);
      }
      if (req.method === 'DELETE') {
        objects.delete(key);
        return answer(204);
      }
      answer(400, '<Error><Code>BadRequest</Code></Error>');
    });
  });
  return {
    objects,
    uploads,
    requests,
    async start(): Promise<number> {
      await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
      return (server.address() as net.AddressInfo).port;
    },
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}

const KEY = `${'a'.repeat(24)}/${'b'.repeat(24)}`;

async function* chunksOf(data: Buffer, size: number, failAfter?: number): AsyncGenerator<Uint8Array> {
  for (let at = 0; at < data.length; at += size) {
    if (failAfter !== undefined && at >= failAfter) throw new Error('the upload broke off');
    yield data.subarray(at, at + size);
  }
}

describe('ROSTER_BLOB_URL', () => {
  it('is the data directory when unset, and an S3 bucket when given', () => {
    expect(parseBlobUrl(undefined, '/var/roster')).toEqual({ kind: 'disk', dir: '/var/roster/attachments' });
    expect(
      parseBlobUrl('s3://AKID:se%2Fcret%2B1@minio.local:9000/files/roster/att?region=eu-west-1&tls=false', '/x'),
    ).toEqual({
      kind: 's3',
      endpoint: 'http://minio.local:9000',
      bucket: 'files',
      prefix: 'roster/att/',
      region: 'eu-west-1',
      accessKeyId: 'AKID',
      secretAccessKey: 'se/cret+1',
    });
    expect(parseBlobUrl('s3://AKID:secret@s3.amazonaws.com/bucket-1', '/x')).toMatchObject({
      endpoint: 'https://s3.amazonaws.com',
      prefix: '',
      region: 'us-east-1',
    });
  });

  it.each([
    ['https://AKID:secret@host/bucket', /must be s3:\/\//],
    ['s3://host/bucket', /no credentials/],
    ['s3://AKID:secret@host/', /no valid bucket/],
    ['s3://AKID:secret@host/Bad_Bucket', /no valid bucket/],
    ['s3://AKID:secret@host/bucket?tls=maybe', /tls must be/],
    ['s3://AKID:secret@host/bucket?style=virtual', /unknown parameter "style"/],
  ])('refuses %s', (raw, message) => {
    expect(() => parseBlobUrl(raw, '/x')).toThrow(message);
    expect(() => parseBlobUrl(raw, '/x')).toThrow(/^ROSTER_BLOB_URL: /);
  });
});

describe('the S3-compatible blob store', () => {
  const s3 = fakeS3();
  let endpoint: string;
  beforeAll(async () => {
    endpoint = `http://127.0.0.1:${await s3.start()}`;
  });
  afterAll(() => s3.close());

  const config = () => ({
    kind: 's3' as const,
    endpoint,
    bucket: 'roster-files',
    prefix: 'attachments/',
    region: 'eu-west-1',
    accessKeyId: 'AKIDTEST',
    secretAccessKey: 'not-a-real-secret',
  });

  it('puts, gets and deletes objects with signed requests, in parts when large', async () => {
    const blobs = createS3BlobStore(config(), { partBytes: 1024 });
    const small = Buffer.from('small file');
    await blobs.put(KEY, chunksOf(small, 4));
    expect(s3.objects.get(`/roster-files/attachments/${KEY}`)?.body.equals(small)).toBe(true);

    const large = Buffer.alloc(3000, 7);
    large.write('large', 0);
    const other = `${'c'.repeat(24)}/${'d'.repeat(24)}`;
    await blobs.put(other, chunksOf(large, 700));
    expect(s3.objects.get(`/roster-files/attachments/${other}`)?.body.equals(large)).toBe(true);
    expect(s3.requests.filter((r) => r.url.includes('partNumber='))).toHaveLength(3);

    const stream = await blobs.get(other);
    const read: Buffer[] = [];
    for await (const chunk of stream!) read.push(Buffer.from(chunk));
    expect(Buffer.concat(read).equals(large)).toBe(true);
    expect(await blobs.get(`${'e'.repeat(24)}/${'f'.repeat(24)}`)).toBeNull();

    await blobs.delete(other);
    await blobs.delete(other);
    expect(s3.objects.has(`/roster-files/attachments/${other}`)).toBe(false);
    expect(s3.requests.length).toBeGreaterThan(8);
    for (const request of s3.requests) {
      expect(request.authorization).toMatch(/^AWS4-HMAC-SHA256 Credential=AKIDTEST\//);
      expect(request.sha).toBe('UNSIGNED-PAYLOAD');
    }
  });

  it('leaves nothing when the body fails half-way, and aborts the multipart upload', async () => {
    const blobs = createS3BlobStore(config(), { partBytes: 1024 });
    const key = `${'1'.repeat(24)}/${'2'.repeat(24)}`;
    await expect(blobs.put(key, chunksOf(Buffer.alloc(5000, 1), 512, 2600))).rejects.toThrow(/broke off/);
    expect(s3.objects.has(`/roster-files/attachments/${key}`)).toBe(false);
    expect(s3.uploads.size).toBe(0);
    expect(s3.requests.some((r) => r.method === 'DELETE' && r.url.includes('uploadId='))).toBe(true);
  });

  it('answers an error of the server as a failure, and wrong credentials are refused', async () => {
    const blobs = createS3BlobStore({ ...config(), accessKeyId: 'SOMEONE' });
    await expect(blobs.put(KEY, chunksOf(Buffer.from('x'), 1))).rejects.toThrow(/403 AccessDenied/);
  });

  it('serves uploads through the API with ROSTER_BLOB_URL, and erasure deletes the objects', async () => {
    const ctx = await createTestContext('sqlite', {
      env: {
        ROSTER_BLOB_URL: `s3://AKIDTEST:not-a-real-secret@${new URL(endpoint).host}/roster-files/api?region=eu-west-1&tls=false`,
      },
    });
    try {
      const user = await newUser(ctx, { profile: { email: 'blob-owner@example.com' } });
      const channel = await newChannel(ctx);
      const conversation = await newConversation(ctx, { channel_id: channel.id, end_user_id: user.end_user_id });
      const store = ctx.container.modules.conversations.store;
      const current = await store.findById(ctx.agentA, conversation.id);
      await store.update({ ...current!, handoffIntegration: 'zendesk_chat' }, ctx.container.db.root);
      const { payload, headers } = multipart([{ name: 'file', filename: 'chart.png', data: PNG }]);
      const res = await ctx.request('POST', attachmentsOf(conversation.id), { payload, headers });
      expect(res.status, res.raw).toBe(201);
      const keys = [...s3.objects.keys()].filter((k) => k.startsWith('/roster-files/api/'));
      expect(keys).toHaveLength(1);
      expect(s3.objects.get(keys[0]!)?.body.equals(PNG)).toBe(true);
      expect(fs.existsSync(path.join(ctx.container.config.dataDir, 'attachments'))).toBe(false);
      const got = await ctx.app.inject({ method: 'GET', url: targetOf(res.body.url) });
      expect(got.statusCode).toBe(200);
      expect(got.rawPayload.equals(PNG)).toBe(true);

      await ctx.container.units.transaction((unit) => ctx.container.forget(unit, ctx.agentA, [user.end_user_id]));
      await ctx.container.jobs.drain(DELETE_BLOBS_KIND);
      expect(s3.objects.has(keys[0]!)).toBe(false);
    } finally {
      await ctx.close();
    }
  });
});
