// fast-check arbitraries for the fuzz suite: end-user bodies (valid, broken in one field, or any
// JSON), raw JSON text and byte payloads, query strings, path ids and headers. Each case says what
// a correct server must answer: 'ok' (2xx), 'reject' (400/413) or 'any' (either, checked for shape
// and against the model when accepted).
import fc from 'fast-check';

export type Expect = 'ok' | 'reject' | 'any';
export interface BodyCase {
  label: string;
  expect: Expect;
  /** JSON-encoded by the test unless `raw` is given. */
  value?: unknown;
  raw?: string | Buffer;
  /** For 'reject': the JSON path the validation_error must name (prefix). */
  rejectAt?: string;
}

/** Text the server must store and echo byte for byte: RTL, zero-width, combining marks, emoji. */
export const ODD_TEXT = [
  '\u202Eevil\u202C',
  'a\u200Bb',
  '\u200D',
  '\uFEFFbom',
  'שלום',
  'مرحبا بك',
  '👨‍👩‍👧‍👦',
  '🏳️‍🌈',
  'e\u0301',
  'İstanbul',
  'straße',
  '\u212A',
  '\u{10FFFF}',
  'tab\there',
  'new\nline',
  '"quoted" \\ back',
  '<b>x</b>',
  '\u0001\u001f',
  '\uFFFD',
  '𝒳𝒴',
];
const UNSTORABLE = /\u0000|[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/;
const storable = (s: string) => !UNSTORABLE.test(s);
const codePoints = (s: string) => [...s].length;

export const text = (max: number) =>
  fc.oneof(
    { weight: 4, arbitrary: fc.string({ maxLength: Math.min(max, 24), unit: 'grapheme' }) },
    { weight: 2, arbitrary: fc.constantFrom(...ODD_TEXT) },
    { weight: 2, arbitrary: fc.string({ maxLength: Math.min(max, 16), unit: 'binary' }).filter(storable) },
    { weight: 1, arbitrary: fc.constant('x'.repeat(max)) },
  );

/** A small pool so creates and lookups collide: casing variants, Unicode case folding, astral. */
const EXTERNAL_POOL = [
  'user-1',
  'User-2',
  'ÄÖÜ-3',
  'straße',
  'İstanbul',
  '\u212Aelvin',
  '👤-7',
  'rtl-\u202Eabc',
  'zw\u200Bj',
  '𝒳'.repeat(36),
  'x'.repeat(36),
];
export const externalId = fc.oneof(
  { weight: 5, arbitrary: fc.mixedCase(fc.constantFrom(...EXTERNAL_POOL)) },
  {
    weight: 2,
    arbitrary: fc
      .string({ minLength: 1, maxLength: 36, unit: 'grapheme' })
      .filter((s) => codePoints(s) <= 36 && !/[<>]/.test(s)),
  },
  {
    weight: 1,
    arbitrary: fc.string({ minLength: 1, maxLength: 8, unit: 'binary' }).filter((s) => storable(s) && !/[<>]/.test(s)),
  },
);

const LANGUAGES = ['en', 'en-US', 'pt-BR', 'zh-Hant-TW', 'de-CH-1901', 'x-private', 'sr-Latn', 'es-419', 'i-klingon'];
const META_KEYS = ['m_plan', 'm_tier', 'm_n', 'm_flag', 'Ünïcode', '🔑', 'with space', '\u202Ertl', 'k.dot', 'a'];
const SENS_KEYS = ['s_token', 's_pin', 's-card', 'S9', '_', 'x'.repeat(128)];
const safeInt = fc.oneof(fc.integer(), fc.constantFrom(Number.MAX_SAFE_INTEGER, Number.MIN_SAFE_INTEGER, 0, -1));
const metaValue = fc.oneof(text(40), fc.boolean(), safeInt);
const metadata = (patch: boolean) =>
  fc.dictionary(fc.constantFrom(...META_KEYS), patch ? fc.option(metaValue, { nil: null, freq: 4 }) : metaValue, {
    maxKeys: 4,
  });
const sensitive = fc.option(
  fc.record({
    fields: fc.dictionary(
      fc.constantFrom(...SENS_KEYS),
      fc.oneof(
        text(50).filter((s) => s.length > 0),
        fc.boolean(),
        safeInt,
        fc.constant(null),
      ),
      {
        maxKeys: 5,
      },
    ),
  }),
  { nil: null, freq: 5 },
);
const nullableText = (max: number) => fc.option(text(max), { nil: null, freq: 4 });

const profile = (patch: boolean) =>
  fc.record(
    {
      first_name: nullableText(1000),
      last_name: nullableText(1000),
      display_name: nullableText(1000),
      avatar: nullableText(2048),
      email: nullableText(320),
      language: fc.option(fc.constantFrom(...LANGUAGES), { nil: null }),
      metadata: patch ? fc.option(metadata(true), { nil: null, freq: 8 }) : metadata(false),
      sensitive_metadata: sensitive,
    },
    { requiredKeys: [] },
  );

export const validCreate = fc.record(
  {
    external_id: fc.option(externalId, { nil: null, freq: 4 }),
    profile: profile(false),
    ignored: fc.jsonValue({ maxDepth: 2 }),
  },
  { requiredKeys: [] },
);
export const validPatch = fc.record(
  { external_id: fc.option(externalId, { nil: null, freq: 3 }), profile: profile(true) },
  { requiredKeys: ['profile'] },
);

const deep = (n: number, open = '[', close = ']') => open.repeat(n) + close.repeat(n);
const loneSurrogate = fc.integer({ min: 0xd800, max: 0xdfff }).map((c) => `\\u${c.toString(16)}`);
const wrongScalar = fc.oneof(
  fc.integer(),
  fc.boolean(),
  fc.constant({}),
  fc.constant([]),
  fc.double({ noInteger: true, noDefaultInfinity: true, noNaN: true }),
);

/** One field of a valid body replaced by a value that breaks its rule, and the path to blame. */
const breakers = (patch: boolean): Array<[string, fc.Arbitrary<unknown>]> => [
  [
    'external_id',
    fc.oneof(wrongScalar, fc.constantFrom('', 'x'.repeat(37), '𝒳'.repeat(37), '<id>', 'a>b', 'nul\u0000', '\ud800')),
  ],
  ['profile', fc.oneof(fc.integer(), fc.string(), fc.constant([]), fc.boolean())],
  ['profile.first_name', fc.oneof(wrongScalar, fc.constantFrom('x'.repeat(1001), 'a\u0000', '\udfff'))],
  ['profile.display_name', fc.constant('é'.repeat(1001))],
  ['profile.email', fc.oneof(fc.constant('e'.repeat(321)), wrongScalar)],
  ['profile.avatar', fc.constant('a'.repeat(2049))],
  ['profile.language', fc.constantFrom('', 'not a tag', 'en--US', '12', 'a'.repeat(256), 'en-\ud800', 7)],
  ['profile.metadata', fc.constantFrom([], 'x', 1, true)],
  ['profile.metadata.m_bad', fc.constantFrom(1.5, {}, [], [1], 2 ** 53, -(2 ** 53), 1e300, ...(patch ? [] : [null]))],
  ['profile.sensitive_metadata', fc.constantFrom({}, 'x', [], 1, { fields: 1 }, { fields: [] })],
  [
    'profile.sensitive_metadata.fields',
    fc.constantFrom(
      { 'bad key': 'x' },
      { '': 'x' },
      { k: '' },
      { k: 1.5 },
      { k: 'v'.repeat(4097) },
      { k: {} },
      { ['y'.repeat(129)]: 'x' },
      Object.fromEntries(Array.from({ length: 21 }, (_, i) => [`k${i}`, null])),
    ),
  ],
];

function setPath(target: Record<string, any>, path: string, value: unknown): void {
  const parts = path.split('.');
  let node = target;
  for (const part of parts.slice(0, -1)) {
    if (node[part] === null || typeof node[part] !== 'object') node[part] = {};
    node = node[part];
  }
  node[parts[parts.length - 1] as string] = value;
}

const broken = (patch: boolean): fc.Arbitrary<BodyCase> =>
  fc.oneof(
    ...breakers(patch).map(([path, bad]) =>
      fc.tuple(patch ? validPatch : validCreate, bad).map(([body, value]) => {
        const copy = structuredClone(body) as Record<string, any>;
        delete copy.ignored;
        if (path.startsWith('profile.') && (copy.profile === null || copy.profile === undefined)) copy.profile = {};
        if (path.startsWith('profile.metadata.') || path.startsWith('profile.sensitive_metadata.'))
          delete copy.profile?.sensitive_metadata;
        setPath(copy, path, value);
        return {
          label: `broken ${path}`,
          expect: 'reject' as const,
          value: copy,
          rejectAt: `$.${path.replace('.m_bad', '')}`,
        };
      }),
    ),
    fc.constant<BodyCase>({
      label: 'key in metadata and sensitive_metadata',
      expect: 'reject',
      value: { profile: { metadata: { both: 'x' }, sensitive_metadata: { fields: { both: 'y' } } } },
      rejectAt: '$.profile.sensitive_metadata.fields.both',
    }),
    fc.constant<BodyCase>({
      label: 'empty metadata key',
      expect: 'reject',
      value: { profile: { metadata: { '': 1 } } },
      rejectAt: '$.profile.metadata',
    }),
    ...(patch
      ? [
          fc.constantFrom<BodyCase>(
            { label: 'no profile', expect: 'reject', value: {} },
            { label: 'no profile', expect: 'reject', value: { external_id: 'x' } },
          ),
        ]
      : []),
  );

/** JSON text that JSON.stringify would never produce. */
const rawText = (valid: fc.Arbitrary<unknown>): fc.Arbitrary<BodyCase> =>
  fc.oneof(
    fc
      .constantFrom(1_000, 5_000)
      .map<BodyCase>((n) => ({ label: `${n} nested arrays`, expect: 'reject', raw: deep(n) })),
    fc.constantFrom(1_000, 5_000).map<BodyCase>((n) => ({
      label: `${n} nested arrays in metadata`,
      expect: 'reject',
      raw: `{"profile":{"metadata":{"k":${deep(n)}}}}`,
    })),
    fc.constantFrom(1_000, 5_000).map<BodyCase>((n) => ({
      label: `${n} nested objects, ignored`,
      expect: 'any',
      raw: `{"zz":${deep(n, '{"a":', '}').replace('{"a":}', '{"a":1}')}}`,
    })),
    fc
      .constantFrom(
        '['.repeat(5_000),
        '{"a":'.repeat(5_000),
        '{',
        '',
        ' ',
        'nul',
        'NaN',
        '{"a":Infinity}',
        "{'a':1}",
        '/*c*/{}',
        '{"a":1,}',
        '[1,]',
        '{}x',
        '"\\x"',
      )
      .map<BodyCase>((raw) => ({ label: 'malformed JSON', expect: 'reject', raw })),
    fc.tuple(valid, fc.nat()).map<BodyCase>(([v, n]) => {
      const s = JSON.stringify(v);
      return { label: 'truncated JSON', expect: 'reject', raw: s.slice(0, n % s.length) || '{' };
    }),
    fc
      .tuple(valid, fc.constantFrom('first_name', 'last_name', 'email', 'avatar'), loneSurrogate, fc.boolean())
      .map<BodyCase>(([v, field, s, pair]) => {
        const body = structuredClone(v) as Record<string, any>;
        body.profile = { ...(body.profile ?? {}), [field]: 'PLACEHOLDER' };
        delete body.profile.sensitive_metadata;
        const escaped = pair ? '\\ud83d\\ude00' : `a${s}b`; // a valid pair, or a lone surrogate
        return {
          label: pair ? 'escaped surrogate pair' : 'lone surrogate',
          expect: pair ? 'ok' : 'reject',
          raw: JSON.stringify(body).replace('"PLACEHOLDER"', `"${escaped}"`),
          ...(pair ? {} : { rejectAt: `$.profile.${field}` }),
        };
      }),
    fc
      .tuple(valid, fc.constantFrom<[string, unknown]>(['external_id', 7], ['profile', 'x'], ['external_id', '<bad>']))
      .map<BodyCase>(([v, [key, bad]]) => {
        // The same key twice: JSON.parse and the server both keep the last one.
        const s = JSON.stringify(v);
        const first = `{${JSON.stringify(key)}:${JSON.stringify(bad)},${s.slice(1)}`;
        return {
          label: 'duplicate key, valid last',
          expect: Object.hasOwn(v as object, key) ? 'ok' : 'reject',
          raw: s === '{}' ? first.replace(',}', '}') : first,
        };
      }),
    fc.tuple(valid, fc.constantFrom(' ', '\n\t ', '\r\n')).map<BodyCase>(([v, ws]) => ({
      label: 'whitespace around',
      expect: 'ok',
      raw: `${ws}${JSON.stringify(v)}${ws}`,
    })),
  );

/** Bytes that are not valid UTF-8 inside an otherwise valid body; Node decodes them to U+FFFD. */
const INVALID_UTF8 = [
  [0xff],
  [0xfe, 0xff],
  [0xc0, 0xaf],
  [0xed, 0xa0, 0x80],
  [0xf8, 0x88, 0x80, 0x80, 0x80],
  [0xe2, 0x82],
  [0x80],
  [0xe9],
];
const bytes: fc.Arbitrary<BodyCase> = fc
  .tuple(fc.constantFrom(...INVALID_UTF8), fc.constantFrom('external_id', 'first_name', 'metadata'), fc.boolean())
  .map(([bad, where, bom]) => {
    const [head, tail] =
      where === 'external_id'
        ? ['{"external_id":"b', '"}']
        : where === 'first_name'
          ? ['{"profile":{"first_name":"b', '"}}']
          : ['{"profile":{"metadata":{"k', '":1}}}'];
    const parts = [Buffer.from(head), Buffer.from(bad), Buffer.from(tail)];
    return {
      label: 'invalid UTF-8',
      expect: 'any',
      raw: Buffer.concat(bom ? [Buffer.from([0xef, 0xbb, 0xbf]), ...parts] : parts),
    };
  });

export const createBody: fc.Arbitrary<BodyCase> = fc.oneof(
  { weight: 5, arbitrary: validCreate.map((value) => ({ label: 'valid create', expect: 'ok' as const, value })) },
  { weight: 4, arbitrary: broken(false) },
  { weight: 3, arbitrary: rawText(validCreate) },
  { weight: 1, arbitrary: bytes },
  {
    weight: 1,
    arbitrary: fc.jsonValue({ maxDepth: 3 }).map((value) => ({ label: 'any JSON', expect: 'any' as const, value })),
  },
);
export const patchBody: fc.Arbitrary<BodyCase> = fc.oneof(
  { weight: 5, arbitrary: validPatch.map((value) => ({ label: 'valid patch', expect: 'ok' as const, value })) },
  { weight: 4, arbitrary: broken(true) },
  { weight: 2, arbitrary: rawText(validPatch) },
  { weight: 1, arbitrary: bytes },
);

/** Which end user a path names; resolved against the model when the request is sent. */
export type Target =
  { kind: 'known' | 'known-upper' | 'foreign'; n: number } | { kind: 'random' | 'garbage' | 'raw'; text: string };
const hex24 = fc.string({ unit: fc.constantFrom(...'0123456789abcdef'), minLength: 24, maxLength: 24 });
export const target: fc.Arbitrary<Target> = fc.oneof(
  {
    weight: 6,
    arbitrary: fc.record({
      kind: fc.constantFrom('known', 'known-upper', 'foreign'),
      n: fc.nat(),
    }) as fc.Arbitrary<Target>,
  },
  { weight: 1, arbitrary: hex24.map((text): Target => ({ kind: 'random', text })) },
  {
    weight: 2,
    arbitrary: fc
      .oneof(
        fc.string({ minLength: 1, maxLength: 30, unit: 'binary' }),
        hex24.map((h) => h.slice(1)),
        hex24.map((h) => `${h}0`),
        fc.constant('x'.repeat(250)),
      )
      .filter((s) => storable(s) && !/^[0-9a-fA-F]{24}$/.test(s) && s !== '.' && s !== '..')
      .map((text) => ({ kind: 'garbage' as const, text })),
  },
  {
    weight: 1,
    arbitrary: fc
      .constantFrom('%', '%zz', '%ED%A0%80', '%C0%AF', '%FF', 'a%', '%%41')
      .map((text) => ({ kind: 'raw' as const, text })),
  },
);

/** Query parameters; `clean` queries are predicted exactly, the others only checked for shape. */
export type Param = [name: string, value: string];
const limitValue = fc.oneof(
  fc.integer({ min: 1, max: 100 }).map(String),
  fc.constantFrom('0', '101', '-1', '1.5', '1e1', ' 5', '', 'abc', '0x10', '007', '99999999999999999999'),
);
const cursorValue = fc.oneof(
  hex24,
  hex24.map((h) => h.toUpperCase()),
  fc.constantFrom('', 'zz', '0'.repeat(23), '0'.repeat(25), 'ffffffffffffffffffffffff', '000000000000000000000000'),
);
const lookupValue = fc.oneof(externalId, fc.constantFrom('', 'x'.repeat(37), '<a>', 'nul\u0000'));
export const query = fc.record({
  params: fc.uniqueArray(
    fc.oneof(
      limitValue.map((v): Param => ['limit', v]),
      cursorValue.map((v): Param => ['cursor', v]),
      lookupValue.map((v): Param => ['external_id', v]),
      fc.tuple(fc.constantFrom('foo', 'LIMIT', 'page', 'external_id[]'), fc.string()).map(([k, v]): Param => [k, v]),
    ),
    { maxLength: 3, selector: ([name]) => name },
  ),
  garbage: fc.option(
    fc.constantFrom(
      '&',
      '&&',
      '=',
      '%',
      '%zz',
      '+',
      ';',
      '&limit=1',
      '&limit=2&limit=3',
      '&cursor',
      '&external_id=%ED%A0%80',
      '#frag',
      '&%00=1',
    ),
    { nil: null, freq: 3 },
  ),
});

/** Authorization header variants for a key; `who` is whom a correct server must see. */
export type Auth = { header: (keyA: string, keyB: string) => string | undefined; who: 'A' | 'B' | null };
const A = (f: (k: string) => string | undefined, who: Auth['who'] = null): Auth => ({ header: (a) => f(a), who });
export const auth: fc.Arbitrary<Auth> = fc.oneof(
  fc.constantFrom<Auth>(
    A((k) => `Bearer ${k}`, 'A'),
    A((k) => `bearer ${k}`, 'A'),
    A((k) => `BEARER   ${k}`, 'A'),
    A((k) => `Bearer ${k} `, 'A'),
    { header: (_a, b) => `Bearer ${b}`, who: 'B' },
  ),
  fc.constantFrom<Auth>(
    A(() => undefined),
    A(() => 'Bearer'),
    A(() => 'Bearer '),
    A((k) => k),
    A((k) => `Basic ${k}`),
    A((k) => `Token ${k}`),
    A((k) => `Bearer\t${k}`),
    A((k) => `Bearer ${k} x`),
    A((k) => `Bearer ${k}x`),
    A((k) => `Bearer ${k.slice(0, -1)}`),
    A((k) => `Bearer ${k.toUpperCase()}`),
    A((k) => `Bearer ${k}${'a'.repeat(600)}`),
    A(() => 'Bearer ключ'),
    A((k) => `Bearer "${k}"`),
    A((k) => `Bearer ${k},Bearer ${k}`),
  ),
  fc.string({ maxLength: 80, unit: 'grapheme-ascii' }).map((s) => A(() => `Bearer ${s}`)),
);

/** Content-Type variants: json (parsed as JSON), not json (400), or unclear (either). */
export type ContentType = { value: string | undefined; json: boolean | 'any' };
export const contentType: fc.Arbitrary<ContentType> = fc.oneof(
  {
    weight: 3,
    arbitrary: fc
      .constantFrom(
        'application/json',
        'application/json; charset=utf-8',
        'Application/JSON',
        'application/json;charset=UTF-8',
      )
      .map((value) => ({ value, json: true })),
  },
  {
    weight: 3,
    arbitrary: fc
      .constantFrom(
        'text/plain',
        'application/x-www-form-urlencoded',
        'multipart/form-data; boundary=x',
        'application/xml',
        'text/json',
        'application/octet-stream',
        '*/*',
        'json',
      )
      .map((value) => ({ value, json: false })),
  },
  {
    weight: 1,
    arbitrary: fc
      .constantFrom(
        undefined,
        '',
        'application/json;;;',
        'application/json; charset=latin1',
        'application/jsonx',
        'application/merge-patch+json',
        'application/json, text/plain',
      )
      .map((value) => ({ value, json: 'any' as const })),
  },
);
