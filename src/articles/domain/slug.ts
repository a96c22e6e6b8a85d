export const SLUG_PATTERN = /^[a-z0-9]+(?:-[a-z0-9]+)*$/;
const MAX_SLUG_LENGTH = 120;

/** Latin letters that Unicode does not decompose into a base letter and a mark. */
const LETTERS_WITHOUT_DECOMPOSITION: Record<string, string> = {
  ł: 'l',
  Ł: 'l',
  ø: 'o',
  Ø: 'o',
  ß: 'ss',
  æ: 'ae',
  Æ: 'ae',
  œ: 'oe',
  Œ: 'oe',
  đ: 'd',
  Đ: 'd',
  þ: 'th',
  Þ: 'th',
};

/** "Russia’s Ally Belarus Cozies Up to China" → "russias-ally-belarus-cozies-up-to-china" */
export function slugify(text: string): string {
  const slug = text
    .replace(/[łŁøØßæÆœŒđĐþÞ]/g, (letter) => LETTERS_WITHOUT_DECOMPOSITION[letter])
    .normalize('NFKD')
    .replace(/[\u0300-\u036f]/g, '')
    .toLowerCase()
    // Apostrophes join a word rather than split it: "Russia's" reads as "russias".
    .replace(/['’‘`]/g, '')
    .replace(/[^a-z0-9]+/g, '-')
    .replace(/^-+|-+$/g, '');
  return slug.slice(0, MAX_SLUG_LENGTH).replace(/-+$/, '');
}
