// The file types an attachment may have, and the check that the bytes are what the name says.
// The file name's extension picks the type; the first bytes must then carry that type's signature
// (read by file-type). Text types have no signature: their bytes must be UTF-8 without NUL bytes,
// and an SVG must hold an <svg element. DOCX, XLSX, PPTX and Apple's Keynote, Pages and Numbers
// files are ZIP containers, so a ZIP signature is enough for them. The type Roster settles on gives
// the answer's mime_type.
import { isUtf8 } from 'node:buffer';
import { fileTypeFromBuffer } from 'file-type';

interface AttachmentType {
  mime: string;
  /** What file-type may report for such a file; empty for text types, which have no signature. */
  signatures: readonly string[];
  text?: 'plain' | 'svg';
}

const ZIP_CONTAINER = ['zip'];
// An Office file is a ZIP archive too, so a .zip may hold one.
const ZIP_ARCHIVE = ['zip', 'docx', 'xlsx', 'pptx'];
const ISO_VIDEO = ['mp4', 'm4v', 'mov'];

export const ATTACHMENT_TYPES: Readonly<Record<string, AttachmentType>> = {
  txt: { mime: 'text/plain', signatures: [], text: 'plain' },
  log: { mime: 'text/plain', signatures: [], text: 'plain' },
  csv: { mime: 'text/csv', signatures: [], text: 'plain' },
  eml: { mime: 'message/rfc822', signatures: [], text: 'plain' },
  svg: { mime: 'image/svg+xml', signatures: [], text: 'svg' },
  png: { mime: 'image/png', signatures: ['png'] },
  jpeg: { mime: 'image/jpeg', signatures: ['jpg'] },
  jpg: { mime: 'image/jpeg', signatures: ['jpg'] },
  gif: { mime: 'image/gif', signatures: ['gif'] },
  heif: { mime: 'image/heif', signatures: ['heic'] },
  heic: { mime: 'image/heic', signatures: ['heic'] },
  avif: { mime: 'image/avif', signatures: ['avif'] },
  wav: { mime: 'audio/wav', signatures: ['wav'] },
  m4a: { mime: 'audio/mp4', signatures: ['m4a', 'mp4'] },
  mp3: { mime: 'audio/mpeg', signatures: ['mp3'] },
  mp4: { mime: 'video/mp4', signatures: ISO_VIDEO },
  m4v: { mime: 'video/x-m4v', signatures: ISO_VIDEO },
  mov: { mime: 'video/quicktime', signatures: ISO_VIDEO },
  mpeg: { mime: 'video/mpeg', signatures: ['mpg'] },
  mpg: { mime: 'video/mpeg', signatures: ['mpg'] },
  zip: { mime: 'application/zip', signatures: ZIP_ARCHIVE },
  pdf: { mime: 'application/pdf', signatures: ['pdf'] },
  doc: { mime: 'application/msword', signatures: ['cfb'] },
  xls: { mime: 'application/vnd.ms-excel', signatures: ['cfb'] },
  ppt: { mime: 'application/vnd.ms-powerpoint', signatures: ['cfb'] },
  docx: {
    mime: 'application/vnd.openxmlformats-officedocument.wordprocessingml.document',
    signatures: ['docx', ...ZIP_CONTAINER],
  },
  xlsx: {
    mime: 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet',
    signatures: ['xlsx', ...ZIP_CONTAINER],
  },
  pptx: {
    mime: 'application/vnd.openxmlformats-officedocument.presentationml.presentation',
    signatures: ['pptx', ...ZIP_CONTAINER],
  },
  key: { mime: 'application/vnd.apple.keynote', signatures: ZIP_CONTAINER },
  pages: { mime: 'application/vnd.apple.pages', signatures: ZIP_CONTAINER },
  numbers: { mime: 'application/vnd.apple.numbers', signatures: ZIP_CONTAINER },
};

/** The extensions, as the README and the API description list them. */
export const ATTACHMENT_EXTENSIONS = Object.keys(ATTACHMENT_TYPES);

/** How many leading bytes the signature check reads (file-type's own reach). */
export const SNIFF_BYTES = 4100;

/** Why a file is refused: the message says what was wrong with it. */
export class RefusedFile extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'RefusedFile';
  }
}

/** The lower-cased extension of a file name, or null. */
export function extensionOf(filename: string): string | null {
  const dot = filename.lastIndexOf('.');
  if (dot <= 0 || dot === filename.length - 1) return null;
  return filename.slice(dot + 1).toLowerCase();
}

export function typeOfName(filename: string): { extension: string; type: AttachmentType } {
  const extension = extensionOf(filename);
  const type = extension === null ? undefined : ATTACHMENT_TYPES[extension];
  if (extension === null || type === undefined) {
    throw new RefusedFile(
      `"${filename}" is not a file type Roster accepts${extension === null ? ' (it has no extension)' : ` (.${extension})`}; accepted: ${ATTACHMENT_EXTENSIONS.join(', ')}.`,
    );
  }
  return { extension, type };
}

/** What file-type reads from the first bytes (ext), or null when it knows no signature there. */
async function signatureOf(head: Uint8Array): Promise<string | null> {
  return (await fileTypeFromBuffer(head))?.ext ?? null;
}

// Signatures file-type reports for text that is still text (an SVG opening with <?xml).
const TEXTUAL = new Set(['xml', 'svg']);

/**
 * Checks a file as it streams past: `head` (the first SNIFF_BYTES, or the whole file when shorter)
 * is checked before anything is stored, text types are checked to their end. `check` throws
 * RefusedFile; `end` throws when the whole text turned out not to be acceptable.
 */
export async function contentChecker(filename: string, extension: string, type: AttachmentType, head: Uint8Array) {
  const found = await signatureOf(head);
  const what = `"${filename}"`;
  if (type.text === undefined) {
    if (found === null || !type.signatures.includes(found)) {
      throw new RefusedFile(
        `${what} is named .${extension} but its content is ${found === null ? 'not a recognised file type' : `${found.toUpperCase()} data`}; the content must match the extension.`,
      );
    }
    return { check: (_chunk: Uint8Array) => {}, end: () => {} };
  }
  if (found !== null && !TEXTUAL.has(found)) {
    throw new RefusedFile(
      `${what} is named .${extension} but its content is ${found.toUpperCase()} data; a .${extension} file must be UTF-8 text.`,
    );
  }
  const notText = () =>
    new RefusedFile(`${what} is named .${extension} but its content is not UTF-8 text (or it holds NUL bytes).`);
  // Checked as bytes, with no text decoded: the bytes of a character split between two chunks wait
  // for the next one.
  let carry: Buffer = Buffer.alloc(0);
  let svgSeen = false;
  let svgTail: Buffer = Buffer.alloc(0);
  return {
    check(chunk: Uint8Array) {
      if (chunk.includes(0)) throw notText();
      const bytes = Buffer.from(chunk.buffer, chunk.byteOffset, chunk.byteLength);
      const data = carry.length > 0 ? Buffer.concat([carry, bytes]) : bytes;
      const cut = completeUpTo(data);
      if (!isUtf8(data.subarray(0, cut))) throw notText();
      carry = Buffer.from(data.subarray(cut));
      if (type.text === 'svg' && !svgSeen) {
        const window = Buffer.concat([svgTail, data]);
        svgSeen = hasSvgElement(window);
        svgTail = Buffer.from(window.subarray(Math.max(0, window.length - 5)));
      }
    },
    end() {
      if (carry.length > 0) throw notText();
      if (type.text === 'svg' && !svgSeen) throw new RefusedFile(`${what} is named .svg but holds no <svg> element.`);
    },
  };
}

/** Where a trailing, still incomplete UTF-8 sequence starts (the length when there is none). */
function completeUpTo(data: Buffer): number {
  for (let i = data.length - 1; i >= Math.max(0, data.length - 4); i--) {
    const byte = data[i] ?? 0;
    if ((byte & 0xc0) === 0x80) continue;
    if (byte < 0xc0) return data.length;
    const length = byte >= 0xf0 ? 4 : byte >= 0xe0 ? 3 : 2;
    return data.length - i < length ? i : data.length;
  }
  return data.length;
}

const SVG_OPEN = Buffer.from('<svg');
const AFTER_NAME = new Set([0x20, 0x09, 0x0a, 0x0d, 0x3e, 0x2f]);

/** True when the bytes hold "<svg" followed by a space, ">" or "/". */
function hasSvgElement(window: Buffer): boolean {
  for (let at = window.indexOf(SVG_OPEN); at !== -1; at = window.indexOf(SVG_OPEN, at + 1)) {
    const next = window[at + SVG_OPEN.length];
    if (next !== undefined && AFTER_NAME.has(next)) return true;
  }
  return false;
}
