import { problem } from '../common/problem-details';
import type { ProblemTranslator } from '../common/problem-details.filter';
import { StreamHasNoEvents } from './audit-verifier';

export const historyProblems: ProblemTranslator = (error) =>
  error instanceof StreamHasNoEvents
    ? { problem: problem(404, error.message, { type: 'https://copydesk.dev/problems/stream-not-found', stream: error.streamId }) }
    : null;
