import { problem } from '../../common/problem-details';
import type { ProblemTranslator } from '../../common/problem-details.filter';
import { NoCurrentVersion } from '../commands/article-command.handler';
import { ArticleRuleViolation, InvalidContent } from '../domain/article.errors';

const STATUS_OF = { forbidden: 403, conflict: 409, not_found: 404, invalid: 422 } as const;

/** The decider's refusals as HTTP problems. */
export const articleProblems: ProblemTranslator = (error) => {
  if (error instanceof NoCurrentVersion) {
    return {
      problem: problem(412, error.message, { errors: [{ field: 'If-Match', messages: ['matches no version of the article'] }] }),
    };
  }
  if (!(error instanceof ArticleRuleViolation)) return null;
  const fields =
    error instanceof InvalidContent ? { errors: error.fields.map((field) => ({ field, messages: [error.message] })) } : {};
  return {
    problem: problem(STATUS_OF[error.kind], error.message, {
      type: `https://copydesk.dev/problems/${error.name.replace(/([a-z])([A-Z])/g, '$1-$2').toLowerCase()}`,
      ...fields,
    }),
  };
};
