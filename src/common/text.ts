import { Transform } from 'class-transformer';
import sanitizeHtml from 'sanitize-html';

const INLINE_MARKUP: sanitizeHtml.IOptions = {
  allowedTags: ['a', 'em', 'strong'],
  allowedAttributes: { a: ['href'] },
  allowedSchemes: ['http', 'https', 'mailto'],
  disallowedTagsMode: 'discard',
};

const PLAIN_TEXT: sanitizeHtml.IOptions = { allowedTags: [], allowedAttributes: {} };

const ENTITIES: Record<string, string> = { '&amp;': '&', '&lt;': '<', '&gt;': '>', '&quot;': '"', '&#39;': "'" };

/** Body text: links and emphasis survive, anything that could run (scripts, handlers, javascript: URLs) does not. */
export function inlineMarkup(text: string): string {
  return sanitizeHtml(text, INLINE_MARKUP).trim();
}

/**
 * Headlines, names, captions: no markup at all, kept as the plain characters a person typed
 * ("AT&T", "1 < 2"). Stripping and decoding repeat until nothing changes, so escaped markup such as
 * "&lt;script&gt;" cannot come out as a tag, and sanitising twice gives the same text.
 */
export function plainText(text: string): string {
  let current = text;
  for (;;) {
    const next = sanitizeHtml(current, PLAIN_TEXT).replace(/&(amp|lt|gt|quot|#39);/g, (entity) => ENTITIES[entity]);
    if (next === current) return next.trim();
    current = next;
  }
}

/** Sanitise a DTO field (or each string of a list) on its way in, before it is validated, so "<b></b>" counts as empty. */
export const InlineMarkup = () => Transform(({ value }) => sanitizeStrings(value, inlineMarkup));
export const PlainText = () => Transform(({ value }) => sanitizeStrings(value, plainText));

function sanitizeStrings(value: unknown, sanitize: (text: string) => string): unknown {
  if (typeof value === 'string') return sanitize(value);
  if (Array.isArray(value)) return value.map((item) => (typeof item === 'string' ? sanitize(item) : item));
  return value;
}
