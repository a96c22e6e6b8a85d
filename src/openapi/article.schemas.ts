import type { ArticleView } from '../articles/article.view';
import { ARTICLE_STATUSES } from '../articles/domain/article-status';
import type { Approval, ChangeRequest, Comment, Publication, Schedule } from '../articles/domain/article.state';
import {
  SOURCE_ROLES,
  type Author,
  type HeadingBlock,
  type ImageBlock,
  type LeadImage,
  type ParagraphBlock,
  type QuoteBlock,
  type RelatedBlock,
  type RelatedLink,
  type Source,
} from '../articles/domain/article.types';
import type { Actor } from '../common/domain/actor';
import { ARTICLE_VIEW_EXAMPLE } from './examples';
import {
  boolean,
  component,
  dateTime,
  integer,
  listOf,
  nullable,
  object,
  oneOfValues,
  optional,
  string,
  uuid,
  type Schema,
} from './json-schema';

/** The article as the newsroom reads it, and the parts it is made of (GET /articles/:id and every write's answer). */

const url = (): Schema => string({ format: 'uri' });
const version = (description: string): Schema => integer({ minimum: 1, description });
export const PUBLICATION_KINDS = ['first', 'update', 'correction'] as const;

export const PERSON = component('Person', object<Pick<Actor, 'id' | 'name'>>({ id: string(), name: string() }));
export const AUTHOR = component('Author', object<Author>({ name: string(), bio: optional(string()), url: optional(url()) }));
export const LEAD_IMAGE = component(
  'LeadImage',
  object<LeadImage>({ url: url(), caption: optional(string()), credit: optional(string()), alt: string() }),
);
export const RELATED_LINK = component('RelatedLink', object<RelatedLink>({ title: string(), url: url() }));
export const SOURCE = component(
  'Source',
  object<Source>({
    id: uuid(),
    name: string(),
    role: oneOfValues(SOURCE_ROLES),
    url: optional(url()),
    note: optional(string({ description: 'Internal: never shown to the public.' })),
  }),
);

const blockId = (): Schema => string({ description: 'Stable across edits: send it back to keep the block.' });
const blockType = (type: string): Schema => string({ enum: [type] });
const markup = (): Schema => string({ description: 'Plain text with <a href>, <em> and <strong> only.' });

const BLOCKS = {
  paragraph: component('ParagraphBlock', object<ParagraphBlock>({ id: blockId(), type: blockType('paragraph'), text: markup() })),
  heading: component(
    'HeadingBlock',
    object<HeadingBlock>({
      id: blockId(),
      type: blockType('heading'),
      text: markup(),
      level: integer({ minimum: 1, maximum: 6 }),
    }),
  ),
  quote: component(
    'QuoteBlock',
    object<QuoteBlock>({ id: blockId(), type: blockType('quote'), text: markup(), speaker: optional(string()) }),
  ),
  image: component(
    'ImageBlock',
    object<ImageBlock>({
      id: blockId(),
      type: blockType('image'),
      url: url(),
      caption: optional(string()),
      credit: optional(string()),
      alt: string(),
    }),
  ),
  related: component(
    'RelatedBlock',
    object<RelatedBlock>({ id: blockId(), type: blockType('related'), title: string(), url: url() }),
  ),
};

/** One block of a body as the service gives it back: the `type` says which. */
export const BLOCK: Schema = {
  oneOf: Object.values(BLOCKS),
  discriminator: {
    propertyName: 'type',
    mapping: Object.fromEntries(Object.entries(BLOCKS).map(([type, reference]) => [type, reference.$ref])),
  },
};

/** The copy's fields, shared by the working article, an old version and (in part) the published one. */
export const CONTENT_FIELDS = {
  headline: string(),
  standfirst: nullable(string()),
  slug: string(),
  section: string(),
  tags: listOf(string()),
  language: string({ description: 'A language tag such as en or en-GB.' }),
  authors: listOf(AUTHOR),
  body: listOf(BLOCK),
  leadImage: nullable(LEAD_IMAGE),
  relatedLinks: listOf(RELATED_LINK),
} as const;

export const ARTICLE_STATUS = oneOfValues(ARTICLE_STATUSES);
export const PUBLICATION_KIND = oneOfValues(PUBLICATION_KINDS);

export const ARTICLE_VIEW = component('ArticleView', {
  ...object<ArticleView>(
    {
      id: uuid(),
      version: version('The stream version: the ETag of this answer, and what If-Match names on the next write.'),
      status: ARTICLE_STATUS,
      ...CONTENT_FIELDS,
      sources: listOf(SOURCE),
      contentVersion: version('The version of the last change to the copy: an approval must be at least this recent.'),
      approval: nullable(object<Approval>({ version: version('The version the reviewer saw and approved.'), by: PERSON })),
      publication: nullable(
        object<Publication>({
          version: version('The version that went out.'),
          kind: PUBLICATION_KIND,
          firstPublishedAt: dateTime(),
          lastPublishedAt: dateTime(),
          live: boolean('False once unpublished: the public URL answers 410 until it is published again.'),
        }),
      ),
      schedule: nullable(
        object<Schedule>({
          publishAt: dateTime(),
          approvedVersion: version('The approved version the scheduler will publish.'),
          kind: PUBLICATION_KIND,
          note: optional(string()),
          by: PERSON,
        }),
      ),
      changeRequest: nullable(
        object<ChangeRequest>({
          reviewedVersion: version('The version the reviewer read.'),
          reason: string(),
          by: PERSON,
          at: dateTime(),
        }),
      ),
      comments: listOf(
        object<Comment>({
          id: uuid(),
          text: string(),
          by: PERSON,
          at: dateTime(),
          version: version('The version it was written against.'),
        }),
        'Internal notes for the desk, oldest first.',
      ),
    },
    'The working state of an article as the newsroom sees it.',
  ),
  example: ARTICLE_VIEW_EXAMPLE,
});
