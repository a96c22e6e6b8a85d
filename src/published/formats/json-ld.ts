import type { PublicationConfig } from '../../config/app-config';
import type { PublishedArticle } from '../published-article';
import { articleUrl } from './article-address';
import { articleText } from './article-html';

type Node = Record<string, unknown>;

/**
 * A schema.org NewsArticle for the site to embed, with the properties Google's Article guidance reads
 * (headline, image, datePublished, dateModified, author with name and url, publisher with logo).
 * Attribution travels as data: the contributing agencies as `contributor` Organizations, the
 * attribution line as `creditText`, the image credit on the ImageObject, each correction as a
 * CorrectionComment.
 */
export function newsArticleJsonLd(article: PublishedArticle, publication: PublicationConfig): Node {
  const url = articleUrl(publication, article);
  const organization = (name: string, sourceUrl?: string): Node => ({
    '@type': 'Organization',
    name,
    ...(sourceUrl ? { url: sourceUrl } : {}),
  });
  const agencies = article.sources.filter((source) => source.role === 'contributed' || source.role === 'wire');
  const cited = article.sources.filter((source) => source.role === 'cited');
  return {
    '@context': 'https://schema.org',
    '@type': 'NewsArticle',
    '@id': `${url}#article`,
    url,
    // READ MORE links belong to the page (schema.org has relatedLink on WebPage, not on the article).
    mainEntityOfPage: {
      '@type': 'WebPage',
      '@id': url,
      ...(article.relatedLinks.length > 0 ? { relatedLink: article.relatedLinks.map((link) => link.url) } : {}),
    },
    headline: article.headline,
    ...(article.standfirst ? { description: article.standfirst } : {}),
    ...(article.leadImage
      ? {
          image: [
            {
              '@type': 'ImageObject',
              url: article.leadImage.url,
              contentUrl: article.leadImage.url,
              ...(article.leadImage.caption ? { caption: article.leadImage.caption } : {}),
              description: article.leadImage.alt,
              ...(article.imageCreditLine ? { creditText: article.imageCreditLine.replace(/^\(Image: (.*)\)$/s, '$1') } : {}),
            },
          ],
        }
      : {}),
    datePublished: article.firstPublishedAt,
    dateModified: article.updatedAt,
    author: article.authors.map((author) => ({
      '@type': 'Person',
      name: author.name,
      ...(author.url ? { url: author.url } : {}),
      ...(author.bio ? { description: author.bio } : {}),
    })),
    publisher: {
      '@type': 'Organization',
      name: publication.name,
      url: publication.baseUrl,
      slogan: publication.tagline,
      logo: { '@type': 'ImageObject', url: publication.logoUrl },
    },
    copyrightHolder: organization(publication.name, publication.baseUrl),
    copyrightNotice: publication.copyrightNotice,
    articleSection: article.section,
    keywords: article.tags,
    inLanguage: article.language,
    articleBody: articleText(article),
    ...(agencies.length > 0 ? { contributor: agencies.map((source) => organization(source.name, source.url)) } : {}),
    ...(cited.length > 0 ? { citation: cited.map((source) => ({ '@type': 'CreativeWork', ...organizationName(source) })) } : {}),
    ...(article.attributionLine ? { creditText: article.attributionLine } : {}),
    ...(article.corrections.length > 0
      ? {
          correction: article.corrections.map((correction) => ({
            '@type': 'CorrectionComment',
            text: correction.note,
            datePublished: correction.correctedAt,
          })),
        }
      : {}),
  };
}

function organizationName(source: { name: string; url?: string }): Node {
  return { name: source.name, ...(source.url ? { url: source.url } : {}) };
}
