import { InvalidContent } from './article.errors';
import type { Block, ContentFieldChanges, Source } from './article.types';
import { alice, attribute, create, draftContent, drafted, edit, given, source } from './testing/article-scenario';

/**
 * The domain's own guard, whatever path a command comes by (HTTP, CLI, demo, an import): content
 * that breaks an invariant is refused by the decider, naming each field at fault, and never stored.
 */
const malformed = <T>(value: unknown): T => value as T;

describe('content invariants, on every path', () => {
  it.each([
    ['a block with no type and no text', [{ id: 'b1' }], ['body[0].type']],
    ['a null block', [null], ['body[0]']],
    ['a paragraph without text', [{ id: 'b1', type: 'paragraph', text: '  ' }], ['body[0].text']],
    ['an image without url and alt', [{ id: 'b1', type: 'image' }], ['body[0].url', 'body[0].alt']],
    ['a heading of level 7', [{ id: 'b1', type: 'heading', text: 'H', level: 7 }], ['body[0].level']],
    ['a related block without a title', [{ id: 'b1', type: 'related', url: 'https://x.test' }], ['body[0].title']],
    ['a quote whose speaker is a number', [{ id: 'b1', type: 'quote', text: 'Q', speaker: 7 }], ['body[0].speaker']],
    [
      'two blocks with one id',
      [
        { id: 'b1', type: 'paragraph', text: 'a' },
        { id: 'b1', type: 'paragraph', text: 'b' },
      ],
      ['body'],
    ],
  ])('a draft with %s is refused', (_, body, fields) => {
    const error = given()
      .when(create(alice, draftContent({ body: malformed<Block[]>(body) })))
      .thenThrows(InvalidContent);
    expect(error.fields).toEqual(fields);
  });

  it.each([
    ['a null headline', { headline: null }, ['headline']],
    ['a lead image that is a list', { leadImage: [] }, ['leadImage']],
    ['a lead image without alt text', { leadImage: { url: 'https://x.test/a.jpg' } }, ['leadImage.alt']],
    ['a null tag', { tags: [null] }, ['tags']],
    ['an author without a name', { authors: [{ bio: 'b' }] }, ['authors[0].name']],
    ['no authors at all', { authors: [] }, ['authors']],
    ['a field no article has', { hasOwnProperty: 1 }, ['hasOwnProperty']],
  ])('an edit to %s is refused', (_, changes, fields) => {
    const error = given(drafted(alice))
      .when(edit(alice, malformed<ContentFieldChanges>(changes)))
      .thenThrows(InvalidContent);
    expect(error.fields).toEqual(fields);
  });

  it('an edit whose new body holds a block with no type is refused', () => {
    const error = given(drafted(alice))
      .when(edit(alice, {}, malformed<Block[]>([{ id: 'new' }])))
      .thenThrows(InvalidContent);
    expect(error.fields).toEqual(['body[0].type']);
  });

  it.each([
    ['an unknown role', { role: 'sponsor' }, ['source.role']],
    ['a url that is not text', { url: 42 }, ['source.url']],
  ])('a source with %s is refused', (_, overrides, fields) => {
    const error = given(drafted(alice))
      .when(attribute(alice, malformed<Source>({ ...source(), ...overrides })))
      .thenThrows(InvalidContent);
    expect(error.fields).toEqual(fields);
  });
});
