import type { ArticleDocument } from './article.types';
import { documentAfter, evolveDocument } from './article-document';
import {
  alice,
  approved,
  articleContent,
  attributed,
  drafted,
  edited,
  erin,
  paragraph,
  paul,
  published,
  rita,
  source,
  sourceRemoved,
  submitted,
} from './testing/article-scenario';

const document = (overrides: Partial<ArticleDocument> = {}): ArticleDocument => ({
  content: articleContent(),
  sources: [],
  ...overrides,
});

describe('evolveDocument', () => {
  it('ArticleDrafted starts the copy from the drafted content, without the article id, and no sources', () => {
    expect(evolveDocument(null, drafted(alice))).toStrictEqual({ content: articleContent(), sources: [] });
  });

  it('ArticleEdited applies the changed fields and the body operations, keeping everything else', () => {
    const before = document({ sources: [source()] });
    const inserted = paragraph('b9', 'A new closing paragraph.');
    const event = edited(erin, { headline: 'Belarus Pledges Support to China', standfirst: null }, [
      { op: 'remove', id: 'b3' },
      { op: 'insert', after: 'b5', block: inserted },
    ]);
    expect(evolveDocument(before, event)).toStrictEqual({
      content: {
        ...articleContent(),
        headline: 'Belarus Pledges Support to China',
        standfirst: null,
        body: [...before.content.body.filter((block) => block.id !== 'b3'), inserted],
      },
      sources: [source()],
    });
  });

  it('SourceAttributed adds the source after those already there', () => {
    const second = source({ id: 'src-2', name: 'Reuters' });
    const after = evolveDocument(document({ sources: [source()] }), attributed(alice, second));
    expect(after?.sources).toEqual([source(), second]);
  });

  it('SourceRemoved takes out only that source', () => {
    const second = source({ id: 'src-2', name: 'Reuters' });
    const after = evolveDocument(document({ sources: [source(), second] }), sourceRemoved(alice, 'src-1'));
    expect(after?.sources).toEqual([second]);
  });

  it.each([edited(alice, { headline: 'x' }), attributed(alice), sourceRemoved(alice, 'src-1')])(
    '$type on no document leaves no document',
    (event) => {
      expect(evolveDocument(null, event)).toBeNull();
    },
  );

  it.each([submitted(alice, 1), approved(rita, 2), published(paul, 3)])('$type leaves the copy as it was', (event) => {
    const before = document();
    expect(evolveDocument(before, event)).toBe(before);
  });

  it('leaves the document it was given untouched', () => {
    const before = document({ sources: [source()] });
    const snapshot = structuredClone(before);
    evolveDocument(before, edited(erin, { section: 'europe' }, [{ op: 'remove', id: 'b1' }]));
    evolveDocument(before, attributed(erin, source({ id: 'src-2', name: 'Reuters' })));
    evolveDocument(before, sourceRemoved(erin, 'src-1'));
    expect(before).toStrictEqual(snapshot);
  });
});

describe('documentAfter', () => {
  it('is null before the article was drafted', () => {
    expect(documentAfter([])).toBeNull();
  });

  it('is what the copy and sources said after the events given, whatever else happened', () => {
    expect(documentAfter([drafted(alice), attributed(alice), submitted(alice, 2)])).toEqual(document({ sources: [source()] }));
  });
});
