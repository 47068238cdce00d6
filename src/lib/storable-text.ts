// Text that can be stored as given. U+0000 cannot be stored in a PostgreSQL text column, and an
// unpaired UTF-16 surrogate has no UTF-8 form: both databases (and the encryption of sensitive
// values) would keep U+FFFD instead, so what is read back would differ from what was acknowledged,
// and two different external_ids could collide. Such strings are refused wherever they come in:
// request fields, and the AI Agent's replies.
export const UNSTORABLE = /\u0000|[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/;
export const UNSTORABLE_MESSAGE =
  'must not contain U+0000 or an unpaired UTF-16 surrogate (such text cannot be stored)';
