import { searchableText } from './searchable-text';

describe('searchableText', () => {
  it('given headline, standfirst and body, joins their text in reading order', () => {
    const text = searchableText({
      headline: 'Belarus cozies up to China',
      standfirst: 'A state visit to Beijing',
      body: [
        { id: 'b1', type: 'paragraph', text: 'Lukashenko met Xi.' },
        { id: 'b2', type: 'heading', text: 'Mutual stance on Ukraine', level: 2 },
        { id: 'b3', type: 'quote', text: 'Friends forever', speaker: 'Xi Jinping' },
      ],
    });
    expect(text).toBe(
      'Belarus cozies up to China\nA state visit to Beijing\nLukashenko met Xi.\nMutual stance on Ukraine\nFriends forever',
    );
  });

  it('drops markup and decodes entities, so URLs and entity names are not search terms', () => {
    const text = searchableText({
      headline: 'AT&T',
      standfirst: null,
      body: [
        { id: 'b1', type: 'paragraph', text: 'See <a href="https://example.org/secret-path">the <em>report</em></a> &amp; more' },
      ],
    });
    expect(text).toBe('AT&T\nSee the report & more');
    expect(text).not.toContain('example.org');
  });

  it('leaves out blocks that carry no running text: images and related links', () => {
    const text = searchableText({
      headline: 'Headline',
      standfirst: null,
      body: [
        { id: 'b1', type: 'image', url: 'https://example.org/a.jpg', alt: 'alt text', caption: 'caption' },
        { id: 'b2', type: 'related', title: 'Read more', url: 'https://example.org/b' },
      ],
    });
    expect(text).toBe('Headline');
  });
});
