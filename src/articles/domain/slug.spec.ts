import { slugify, SLUG_PATTERN } from './slug';

describe('slugify', () => {
  it.each([
    ['Russia’s Ally Belarus Cozies Up to China', 'russias-ally-belarus-cozies-up-to-china'],
    ["Russia's Ally", 'russias-ally'],
    ['‘Quoted’ and `ticked`', 'quoted-and-ticked'],
    ['Crème brûlée in São Paulo', 'creme-brulee-in-sao-paulo'],
    ['Zürich, Köln & Ålesund', 'zurich-koln-alesund'],
    ['What now? Xi: “No off-limits topics!”', 'what-now-xi-no-off-limits-topics'],
    ['  --Spaces, dashes -- and   tabs\t--  ', 'spaces-dashes-and-tabs'],
    // Headlines reach the domain as plain text, so angle brackets are characters, not markup.
    ['x < y and y > z', 'x-y-and-y-z'],
    ['Łódź, Straße, Søren, Æsir', 'lodz-strasse-soren-aesir'],
    ['COVID-19 in 2023', 'covid-19-in-2023'],
    ['?!…', ''],
  ])('%p → %p', (text, slug) => {
    expect(slugify(text)).toBe(slug);
  });

  it('caps the length at 120 characters without leaving a trailing hyphen', () => {
    const slug = slugify(`${'a'.repeat(119)} bcd`);
    expect(slug).toBe('a'.repeat(119));
    expect(slugify('word '.repeat(60))).toHaveLength(119);
    expect(slugify('x'.repeat(200))).toHaveLength(120);
  });

  it('always yields a slug the pattern accepts, unless nothing is left', () => {
    for (const text of ['Russia’s Ally', 'Ünïcödé', '<p>Hi</p>', 'a'.repeat(130) + '-b', '--x--']) {
      expect(slugify(text)).toMatch(SLUG_PATTERN);
    }
  });
});
