import type { PublicationConfig } from '../../config/app-config';
import type { ImageBlock, LeadImage } from '../../articles/domain/article.types';
import { joinNames } from '../attribution';
import type { PublishedArticle } from '../published-article';
import { articleUri, articleUrl } from './article-address';
import { articleHtml, articleText, correctionLines } from './article-html';

/**
 * IPTC ninjs 3.1 (https://iptc.org/std/ninjs/), validated in the tests against the official schema.
 * Where ninjs has no property of its own for something (an author's bio, a credit line, a correction
 * note), it goes where IPTC's guidelines and the agencies' examples put it: a `descriptions` entry
 * with a role, `by`, `edNote`, `trustIndicators`. docs/formats.md has the whole mapping.
 */
export interface Ninjs31 {
  readonly standard: { readonly name: 'ninjs'; readonly version: string; readonly schema: string };
  readonly uri: string;
  readonly type: 'text' | 'picture';
  readonly representationType?: 'full' | 'partial';
  readonly version?: string;
  readonly firstCreated?: string;
  readonly versionCreated?: string;
  readonly pubStatus: 'usable' | 'withheld' | 'canceled';
  readonly copyrightHolder?: string;
  readonly copyrightNotice?: string;
  readonly edNote?: string;
  readonly language?: string;
  readonly slugline?: string;
  readonly by?: string;
  readonly headlines?: readonly NinjsText[];
  readonly descriptions?: readonly NinjsText[];
  readonly bodies?: readonly (NinjsText & { readonly charCount: number; readonly wordCount: number })[];
  readonly people?: readonly { readonly name: string; readonly rel: string; readonly uri?: string }[];
  readonly infoSources?: readonly { readonly name: string; readonly role: string; readonly uri?: string }[];
  readonly subjects?: readonly { readonly name: string; readonly rel: string }[];
  readonly renditions?: readonly NinjsRendition[];
  readonly associations?: readonly NinjsAssociation[];
  readonly trustIndicators?: readonly { readonly role: string; readonly title: string; readonly href: string }[];
}

export interface NinjsText {
  readonly role?: string;
  readonly contentType?: string;
  readonly value: string;
}

export interface NinjsRendition {
  readonly name: string;
  readonly href: string;
  readonly contentType?: string;
  readonly title?: string;
}

export type NinjsAssociation = Omit<Ninjs31, 'standard'> & { readonly name: string; readonly rel: string };

const NINJS_31 = { name: 'ninjs', version: '3.1', schema: 'http://www.iptc.org/std/ninjs/ninjs-schema_3.1.json#' } as const;
/** IPTC's trust indicator vocabulary: a journalist's biography. */
const BIOGRAPHY = 'http://cv.iptc.org/newscodes/trustindicator/biography';

export function ninjs31(article: PublishedArticle, publication: PublicationConfig): Ninjs31 {
  const url = articleUrl(publication, article);
  const html = articleHtml(article, { leadImage: false });
  const text = articleText(article);
  const images = article.body.filter((block): block is ImageBlock => block.type === 'image');
  return {
    standard: NINJS_31,
    uri: articleUri(publication, article.id),
    type: 'text',
    representationType: 'full',
    version: String(article.version),
    firstCreated: article.firstPublishedAt,
    versionCreated: article.updatedAt,
    pubStatus: 'usable',
    copyrightHolder: publication.name,
    copyrightNotice: publication.copyrightNotice,
    ...(article.kind === 'first' ? {} : { edNote: editorialNote(article) }),
    language: article.language,
    slugline: article.slug,
    by: joinNames(article.authors.map((author) => author.name)),
    headlines: [{ role: 'main', contentType: 'text/plain', value: article.headline }],
    descriptions: [
      ...(article.standfirst ? [{ role: 'summary', contentType: 'text/plain', value: article.standfirst }] : []),
      ...article.authors.flatMap((author) =>
        author.bio ? [{ role: 'biography', contentType: 'text/plain', value: `${author.name}: ${author.bio}` }] : [],
      ),
      ...(article.attributionLine ? [{ role: 'attribution', contentType: 'text/plain', value: article.attributionLine }] : []),
      ...(article.imageCreditLine ? [{ role: 'creditline', contentType: 'text/plain', value: article.imageCreditLine }] : []),
      ...correctionLines(article).map((line) => ({ role: 'correction', contentType: 'text/plain', value: line })),
    ],
    bodies: [
      {
        role: 'main',
        contentType: 'text/html',
        charCount: [...text].length,
        wordCount: text.split(/\s+/).filter((word) => word !== '').length,
        value: html,
      },
    ],
    people: article.authors.map((author) => ({ name: author.name, rel: 'author', ...(author.url ? { uri: author.url } : {}) })),
    infoSources: [
      { name: publication.name, role: 'publisher', uri: publication.baseUrl },
      ...article.sources.map((source) => ({ name: source.name, role: source.role, ...(source.url ? { uri: source.url } : {}) })),
    ],
    subjects: [{ name: article.section, rel: 'section' }, ...article.tags.map((tag) => ({ name: tag, rel: 'keyword' }))],
    renditions: [{ name: 'web', href: url, contentType: 'text/html', title: article.headline }],
    associations: [
      ...(article.leadImage
        ? [
            picture(
              'leadimage',
              'leadimage',
              article.leadImage,
              leadImageCredit(article),
              article.imageCreditLine,
              article.language,
            ),
          ]
        : []),
      ...images.map((image) =>
        picture(
          `image-${image.id}`,
          'bodyimage',
          image,
          image.credit,
          image.credit ? `(Image: ${image.credit})` : null,
          article.language,
        ),
      ),
    ],
    trustIndicators: article.authors.flatMap((author) =>
      author.url ? [{ role: BIOGRAPHY, title: `About ${author.name}`, href: author.url }] : [],
    ),
  };
}

/**
 * After an unpublish: what a polling partner needs to take the article down. It names the object by
 * its `uri`, is a newer version than any it received, and says `canceled`; nothing of the copy but
 * its headline, so the partner knows what it removes.
 */
export function ninjs31KillNotice(article: PublishedArticle, withdrawnAt: string, publication: PublicationConfig): Ninjs31 {
  return {
    standard: NINJS_31,
    uri: articleUri(publication, article.id),
    type: 'text',
    representationType: 'partial',
    version: String(article.version + 1),
    firstCreated: article.firstPublishedAt,
    versionCreated: withdrawnAt,
    pubStatus: 'canceled',
    copyrightHolder: publication.name,
    edNote: `Withdrawn by ${publication.name} on ${withdrawnAt}. Do not use; remove it wherever it was published.`,
    language: article.language,
    slugline: article.slug,
    headlines: [{ role: 'main', contentType: 'text/plain', value: article.headline }],
  };
}

/** For the receiving desk: what this version changed, as agencies write it ("CORRECTS …"). */
function editorialNote(article: PublishedArticle): string {
  const latest = article.publications.at(-1);
  if (article.kind === 'correction') return `Corrects the version of ${previousPublication(article)}: ${latest?.note ?? ''}`;
  return `Updates the version of ${previousPublication(article)}.`;
}

function previousPublication(article: PublishedArticle): string {
  return article.publications.at(-2)?.at ?? article.firstPublishedAt;
}

/** The lead image's credit as its credit line renders it: its own, else the image sources'. */
function leadImageCredit(article: PublishedArticle): string | undefined {
  return article.imageCreditLine?.replace(/^\(Image: (.*)\)$/s, '$1');
}

function picture(
  name: string,
  rel: string,
  image: LeadImage | ImageBlock,
  credit: string | undefined,
  creditLine: string | null,
  language: string,
): NinjsAssociation {
  return {
    name,
    rel,
    uri: image.url,
    type: 'picture',
    representationType: 'partial',
    pubStatus: 'usable',
    language,
    ...(credit ? { by: credit } : {}),
    descriptions: [
      ...(image.caption ? [{ role: 'caption', contentType: 'text/plain', value: image.caption }] : []),
      ...(creditLine ? [{ role: 'creditline', contentType: 'text/plain', value: creditLine }] : []),
      { role: 'alternativetext', contentType: 'text/plain', value: image.alt },
    ],
    renditions: [{ name: 'original', href: image.url }],
  };
}
