// Size accounting for metadata limits: the UTF-8 byte length of the compact JSON text.
export function jsonByteSize(value: unknown): number {
  return Buffer.byteLength(JSON.stringify(value), 'utf8');
}
