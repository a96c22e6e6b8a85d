import type { LeadImage, Source } from '../articles/domain/article.types';

/**
 * The attribution line readers see, rendered from the structured sources and never typed by hand:
 * "Reuters contributed to this article.", "Reuters and AP contributed to this article."
 * Cited sources are attributed in the text itself and image credits in their own line.
 */
export function renderAttributionLine(sources: readonly Source[]): string | null {
  const names = (role: Source['role']) => sources.filter((source) => source.role === role).map((source) => source.name);
  const sentences = [
    names('wire').length > 0 ? `This article is based on wire copy from ${joinNames(names('wire'))}.` : null,
    names('contributed').length > 0 ? `${joinNames(names('contributed'))} contributed to this article.` : null,
  ].filter((sentence): sentence is string => sentence !== null);
  return sentences.length > 0 ? sentences.join(' ') : null;
}

/** "(Image: Video still CCTV/Thomson Reuters)": the lead image's credit, else the image sources. */
export function renderImageCreditLine(leadImage: LeadImage | null, sources: readonly Source[]): string | null {
  // `||`, not `??`: a credit emptied by sanitising still falls back to the image sources.
  const credit = leadImage?.credit || joinNames(sources.filter((source) => source.role === 'image').map((source) => source.name));
  return credit ? `(Image: ${credit})` : null;
}

/** "A", "A and B", "A, B and C" */
export function joinNames(names: readonly string[]): string {
  if (names.length <= 1) return names.join('');
  return `${names.slice(0, -1).join(', ')} and ${names.at(-1)}`;
}
