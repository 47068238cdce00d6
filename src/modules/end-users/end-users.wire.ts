// The wire form of stored end users, written straight from their rows for list pages. A page of
// 100 would otherwise parse every row's metadata into objects only to serialise them back: the
// stored text is already the JSON the wire carries (it is only ever written by JSON.stringify of a
// validated flat object), so it is copied as it is. Strings go through JSON.stringify, which
// escapes them exactly as any serializer would. The fields and their order are those of
// EndUserSchema; end-users.wire.test.ts checks the output against the schema's own serializer.
import { toWireTime } from '../../lib/time.js';
import type { EndUserRecord } from './end-users.store.js';

const text = (value: string | null) => (value === null ? 'null' : JSON.stringify(value));

export function endUserJson(row: EndUserRecord): string {
  return (
    '{"end_user_id":' +
    JSON.stringify(row[0]) +
    ',"external_id":' +
    text(row[1]) +
    ',"profile":{"first_name":' +
    text(row[2]) +
    ',"last_name":' +
    text(row[3]) +
    ',"display_name":' +
    text(row[4]) +
    ',"avatar":' +
    text(row[5]) +
    ',"email":' +
    text(row[6]) +
    ',"language":' +
    text(row[7]) +
    ',"metadata":' +
    row[8] +
    ',"system_properties":{"sunshine_user_id":null}},"created_at":"' +
    toWireTime(Number(row[9])) +
    '","updated_at":"' +
    toWireTime(Number(row[10])) +
    '"}'
  );
}

/** A list page: `{data: [...], meta: {next_page_url}}`. */
export function endUserPageJson(rows: readonly EndUserRecord[], nextPageUrl: string | null): string {
  let body = '{"data":[';
  for (let i = 0; i < rows.length; i++) {
    if (i > 0) body += ',';
    body += endUserJson(rows[i]!);
  }
  return body + '],"meta":{"next_page_url":' + text(nextPageUrl) + '}}';
}
