import type { ArticleContent, Block, Source } from '../articles/domain/article.types';
import { diffVersions, wordRuns } from './article-diff';
import type { ArticleVersion } from './article-version';

const body: Block[] = [
  { id: 'h', type: 'heading', text: 'A state visit', level: 2 },
  { id: 'p1', type: 'paragraph', text: 'Lukashenko promised to support China.' },
  { id: 'p2', type: 'paragraph', text: 'Xi spoke of an all-weather partnership.' },
  { id: 'p3', type: 'paragraph', text: 'Analysts were not surprised.' },
];
const content: ArticleContent = {
  headline: 'Belarus turns to China',
  standfirst: null,
  slug: 'belarus-turns-to-china',
  section: 'World',
  tags: ['Belarus', 'China'],
  language: 'en',
  authors: [{ name: 'Victor Westerkamp' }],
  body,
  leadImage: null,
  relatedLinks: [],
};
const reuters: Source = { id: 's1', name: 'Reuters', role: 'contributed' };
const version = (n: number, status: ArticleVersion['status'], changes: Partial<ArticleContent>, sources: Source[] = [reuters]) =>
  ({ version: n, status, document: { content: { ...content, ...changes }, sources } }) as ArticleVersion;

describe('the diff of two versions', () => {
  it('gives word runs a UI renders as they come', () => {
    expect(wordRuns('Belarus turns to China', 'Belarus cozies up to China')).toEqual([
      { kind: 'unchanged', text: 'Belarus ' },
      { kind: 'removed', text: 'turns' },
      { kind: 'added', text: 'cozies up' },
      { kind: 'unchanged', text: ' to China' },
    ]);
  });

  it('names each changed field, word by word for text and by item for tags', () => {
    const diff = diffVersions(
      version(1, 'draft', {}),
      version(5, 'approved', {
        headline: 'Belarus cozies up to China',
        tags: ['Belarus', 'Ukraine'],
        standfirst: 'Aid for support.',
      }),
    );
    expect(diff).toMatchObject({ from: 1, to: 5, status: { before: 'draft', after: 'approved' } });
    expect(diff.fields.map((change) => change.field)).toEqual(['headline', 'standfirst', 'tags']);
    expect(diff.fields[1]).toEqual({
      field: 'standfirst',
      before: null,
      after: 'Aid for support.',
      runs: [{ kind: 'added', text: 'Aid for support.' }],
    });
    expect(diff.fields[2]).toMatchObject({ added: ['Ukraine'], removed: ['China'] });
  });

  it('tells blocks added, removed, moved and changed apart by their ids', () => {
    const after: Block[] = [
      { id: 'h', type: 'heading', text: 'A state visit', level: 3 },
      body[2],
      { id: 'p1', type: 'paragraph', text: 'Lukashenko promised to back China.' },
      { id: 'new', type: 'quote', text: 'All-weather.', speaker: 'Xi' },
    ];
    const diff = diffVersions(version(2, 'draft', {}), version(3, 'draft', { body: after }));

    expect(diff.fields).toEqual([]);
    expect(diff.status).toBeNull();
    expect(diff.body).toEqual([
      {
        blockId: 'h',
        blockType: 'heading',
        kind: 'changed',
        moved: false,
        position: { before: 0, after: 0 },
        runs: [{ kind: 'unchanged', text: 'A state visit' }],
        attributes: [{ name: 'level', before: 2, after: 3 }],
      },
      // p2 went up past p1; as an edit stores it (diffBody), the one that moved is p2.
      { blockId: 'p2', blockType: 'paragraph', kind: 'moved', moved: true, position: { before: 2, after: 1 } },
      {
        blockId: 'p1',
        blockType: 'paragraph',
        kind: 'changed',
        moved: false,
        position: { before: 1, after: 2 },
        runs: [
          { kind: 'unchanged', text: 'Lukashenko promised to ' },
          { kind: 'removed', text: 'support' },
          { kind: 'added', text: 'back' },
          { kind: 'unchanged', text: ' China.' },
        ],
      },
      {
        blockId: 'new',
        blockType: 'quote',
        kind: 'added',
        moved: false,
        position: { before: null, after: 3 },
        runs: [{ kind: 'added', text: 'All-weather.' }],
        attributes: [{ name: 'speaker', before: null, after: 'Xi' }],
      },
      {
        blockId: 'p3',
        blockType: 'paragraph',
        kind: 'removed',
        moved: false,
        position: { before: 3, after: null },
        runs: [{ kind: 'removed', text: 'Analysts were not surprised.' }],
      },
    ]);
  });

  it('lists sources added, removed and changed', () => {
    const ap: Source = { id: 's2', name: 'AP', role: 'contributed' };
    const diff = diffVersions(version(2, 'draft', {}, [reuters]), version(4, 'draft', {}, [ap]));
    expect(diff.sources).toEqual({ added: [ap], removed: [reuters], changed: [] });
    const renamed: Source = { ...reuters, role: 'wire' };
    expect(diffVersions(version(2, 'draft', {}), version(3, 'draft', {}, [renamed])).sources.changed).toEqual([
      { before: reuters, after: renamed },
    ]);
  });
});
