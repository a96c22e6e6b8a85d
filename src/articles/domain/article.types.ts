/** The value types an article is made of. Text fields hold plain text with the sanitised inline markup. */

export interface Author {
  readonly name: string;
  readonly bio?: string;
  readonly url?: string;
}

export interface ParagraphBlock {
  readonly id: string;
  readonly type: 'paragraph';
  readonly text: string;
}
export interface HeadingBlock {
  readonly id: string;
  readonly type: 'heading';
  readonly text: string;
  readonly level: number;
}
export interface QuoteBlock {
  readonly id: string;
  readonly type: 'quote';
  readonly text: string;
  readonly speaker?: string;
}
export interface ImageBlock {
  readonly id: string;
  readonly type: 'image';
  readonly url: string;
  readonly caption?: string;
  readonly credit?: string;
  readonly alt: string;
}
export interface RelatedBlock {
  readonly id: string;
  readonly type: 'related';
  readonly title: string;
  readonly url: string;
}
export type Block = ParagraphBlock | HeadingBlock | QuoteBlock | ImageBlock | RelatedBlock;

export interface LeadImage {
  readonly url: string;
  readonly caption?: string;
  readonly credit?: string;
  readonly alt: string;
}

export interface RelatedLink {
  readonly title: string;
  readonly url: string;
}

export const SOURCE_ROLES = ['contributed', 'cited', 'wire', 'image'] as const;
export type SourceRole = (typeof SOURCE_ROLES)[number];

export interface Source {
  readonly id: string;
  readonly name: string;
  readonly role: SourceRole;
  readonly url?: string;
  readonly note?: string;
}

export interface ArticleContent {
  readonly headline: string;
  readonly standfirst: string | null;
  readonly slug: string;
  readonly section: string;
  readonly tags: readonly string[];
  readonly language: string;
  readonly authors: readonly Author[];
  readonly body: readonly Block[];
  readonly leadImage: LeadImage | null;
  readonly relatedLinks: readonly RelatedLink[];
}

/** The fields an edit may change one by one; the body changes through block operations instead. */
export type ContentFieldChanges = Partial<Omit<ArticleContent, 'body'>>;

/** What a reader of the events needs to know of an article's copy: its content and its sources. */
export interface ArticleDocument {
  readonly content: ArticleContent;
  readonly sources: readonly Source[];
}
