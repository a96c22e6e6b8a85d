import { problem } from '../common/problem-details';
import type { ProblemTranslator } from '../common/problem-details.filter';
import { SlugAlreadyPublished } from './published.projection';

export const publishedProblems: ProblemTranslator = (error) =>
  error instanceof SlugAlreadyPublished
    ? { problem: problem(409, error.message, { type: 'https://copydesk.dev/problems/slug-taken', slug: error.slug }) }
    : null;
