import { toArticleView } from '../articles/article.view';
import { decide, evolve, initialState } from '../articles/domain/article.decider';
import type { CreateArticleDto } from '../articles/http/dto/create-article.dto';
import { toDraftContent } from '../articles/http/to-domain';

/**
 * Examples for the reference, from the demo's seed article (test/fixtures/seed-article.txt), cut
 * short. The answer to the draft is what the domain itself makes of it, so it cannot drift.
 */

export const DRAFT_EXAMPLE = {
  headline: 'Russia’s Ally Belarus Cozies Up to China',
  standfirst: 'Lukashenko promised Beijing support on human rights, Taiwan and Hong Kong in exchange for economic aid.',
  section: 'World',
  language: 'en',
  tags: ['Belarus', 'China', 'Ukraine'],
  authors: [
    { name: 'Victor Westerkamp', bio: 'Victor resides in the Netherlands and writes about freedom and governmental change.' },
  ],
  leadImage: {
    url: 'https://example.org/images/xi-jinping-lukashenko-beijing-2023.jpg',
    caption: 'Chinese President Xi Jinping (left) and Belarus President Alexander Lukashenko in Beijing on Mar. 1, 2023.',
    credit: 'Video still CCTV/Thomson Reuters',
    alt: 'Xi Jinping and Alexander Lukashenko in Beijing',
  },
  body: [
    {
      type: 'paragraph',
      text: 'During a three-day state visit to Beijing, Belarusian President Lukashenko promised to support China on a few crucial points like human rights, Taiwan, and Hong Kong in exchange for economic aid.',
    },
    { type: 'heading', text: 'An all-weather partnership', level: 2 },
    {
      type: 'paragraph',
      text: 'The visit comes amid concerns in the West that China could provide Russia with <em>weapons and ammunition</em> for its military operation in Ukraine.',
    },
  ],
  relatedLinks: [],
};

export const EDIT_EXAMPLE = {
  headline: 'Belarus Turns to China for Economic Aid',
  standfirst: null,
};

const EXAMPLE_ARTICLE_ID = '0b8e7c1e-4a36-4d4e-9a53-2f0c8f1d7a10';

export const ARTICLE_VIEW_EXAMPLE = toArticleView(
  decide(
    {
      type: 'CreateDraft',
      articleId: EXAMPLE_ARTICLE_ID,
      // Fixed block ids: the example stays the same from one build of the document to the next.
      content: toDraftContent({
        ...DRAFT_EXAMPLE,
        body: DRAFT_EXAMPLE.body.map((block, index) => ({ ...block, id: `block-${index + 1}` })),
      } as CreateArticleDto),
      actor: { id: 'eddie', name: 'Eddie Editor', roles: ['editor'] },
      at: '2026-11-28T09:00:00.000Z',
    },
    initialState,
  ).reduce(evolve, initialState),
);
