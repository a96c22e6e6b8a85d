import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { loadSeedArticle } from './seed-article';

const FIXTURES = join(__dirname, '..', '..', 'test', 'fixtures');

describe('the README walk-through request body', () => {
  it('is the draft parsed from the seed article, kept in step with it', () => {
    const committed = JSON.parse(readFileSync(join(FIXTURES, 'seed-article.draft.json'), 'utf8'));
    expect(committed).toEqual(loadSeedArticle(join(FIXTURES, 'seed-article.txt')).draft);
  });
});
