// Wire timestamps: RFC 3339, UTC, milliseconds, explicit "+00:00" offset.
export function toWireTime(ms: number): string {
  return new Date(ms).toISOString().replace('Z', '+00:00');
}
