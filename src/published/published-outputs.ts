import { createHash } from 'node:crypto';
import { Inject, Injectable } from '@nestjs/common';
import { Clock } from '../common/clock';
import { ProblemException } from '../common/problem.exception';
import type { AppConfig, PublicationConfig } from '../config/app-config';
import { APP_CONFIG } from '../config/config.module';
import { PUBLIC_ERROR_CACHE, PUBLIC_VARY, derivedEtag, type Representation } from './conditional-get';
import { articleFeed, type FeedFormat, type FeedSelection } from './formats/feeds';
import { newsArticleJsonLd } from './formats/json-ld';
import { ninjs31, ninjs31KillNotice } from './formats/ninjs';
import { ninjs22 } from './formats/ninjs-2.2';
import { SITEMAP_MAX_URLS, articlesSitemap, articlesSitemapIndex, newsSitemap } from './formats/sitemaps';
import type { PublishedArticle } from './published-article';
import { PublishedArticlesReader, type PublishedLookup } from './published-articles.reader';

export type NinjsVersion = '3.1' | '2.2';

const JSON_TYPE = 'application/json; charset=utf-8';
const CONTENT_TYPES: Record<FeedFormat, string> = {
  atom: 'application/atom+xml; charset=utf-8',
  rss: 'application/rss+xml; charset=utf-8',
  json: 'application/feed+json; charset=utf-8',
};
const XML_TYPE = 'application/xml; charset=utf-8';
/** Google News sitemaps list what was first published in the last two days. */
const NEWS_WINDOW_MS = 2 * 24 * 60 * 60 * 1000;
/** Google News reads at most this many URLs from one news sitemap. */
const NEWS_MAX_URLS = 1_000;

/**
 * Every public representation, from the one stored representation of each article: the reader's
 * rows go in, the formatters (pure functions in formats/) shape them, and each comes out with a
 * validator derived from the stored ETags and the publication's configuration, so a conditional
 * request is answered before anything is rendered.
 */
@Injectable()
export class PublishedOutputs {
  private readonly publication: PublicationConfig;
  /** A change of publication identity changes every format's bytes, so it is part of every validator. */
  private readonly identity: string;

  constructor(
    private readonly reader: PublishedArticlesReader,
    private readonly clock: Clock,
    @Inject(APP_CONFIG) config: AppConfig,
  ) {
    this.publication = config.publication;
    this.identity = createHash('sha256').update(JSON.stringify(config.publication)).digest('base64url');
  }

  /** The stored representation, as it is stored. */
  async page(slug: string): Promise<Representation> {
    const found = live(slug, await this.reader.bySlug(slug));
    return { body: () => found.json, contentType: JSON_TYPE, etag: found.etag, lastModified: found.lastModified };
  }

  async ninjs(slug: string, version: NinjsVersion): Promise<Representation> {
    const lookup = await this.reader.bySlug(slug);
    const render = (document: ReturnType<typeof ninjs31>) => JSON.stringify(version === '2.2' ? ninjs22(document) : document);
    if (lookup.state === 'withdrawn') {
      // A kill notice a polling partner can act on: 410 with a ninjs body whose pubStatus is canceled.
      const notice = ninjs31KillNotice(lookup.article, lookup.withdrawnAt.toISOString(), this.publication);
      return {
        status: 410,
        body: () => render(notice),
        contentType: JSON_TYPE,
        etag: derivedEtag('ninjs-kill', version, lookup.withdrawnAt.toISOString(), this.identity),
        lastModified: lookup.withdrawnAt,
      };
    }
    const found = live(slug, lookup);
    return {
      body: () => render(ninjs31(parse(found.json), this.publication)),
      contentType: JSON_TYPE,
      etag: derivedEtag(found.etag, 'ninjs', version, this.identity),
      lastModified: found.lastModified,
    };
  }

  async jsonLd(slug: string): Promise<Representation> {
    const found = live(slug, await this.reader.bySlug(slug));
    return {
      body: () => JSON.stringify(newsArticleJsonLd(parse(found.json), this.publication)),
      contentType: 'application/ld+json; charset=utf-8',
      etag: derivedEtag(found.etag, 'jsonld', this.identity),
      lastModified: found.lastModified,
    };
  }

  async feed(format: FeedFormat, selection: FeedSelection): Promise<Representation> {
    const list = await this.reader.newest({ section: selection.section, tag: selection.tag, limit: this.publication.feedLength });
    const updatedAt = list.changedAt ?? new Date(0);
    return {
      body: () => articleFeed(format, list.articles, updatedAt, selection, this.publication),
      contentType: CONTENT_TYPES[format],
      etag: derivedEtag('feed', format, JSON.stringify(selection), updatedAt.toISOString(), this.identity, ...list.etags),
      lastModified: list.changedAt,
    };
  }

  async newsSitemap(): Promise<Representation> {
    const since = new Date(this.clock.now().getTime() - NEWS_WINDOW_MS);
    const list = await this.reader.sitemapEntries({ limit: NEWS_MAX_URLS, offset: 0, since });
    return {
      body: () => newsSitemap(list.articles, this.publication),
      contentType: XML_TYPE,
      // The window moves: an article that left it changes the sitemap, so the ids listed are part of the tag.
      etag: derivedEtag('news-sitemap', this.identity, ...list.etags),
      lastModified: list.changedAt,
    };
  }

  /** Every live article in one sitemap, or, past the protocol's limit, an index of pages. */
  async articlesSitemap(): Promise<Representation> {
    const count = await this.reader.liveCount();
    if (count <= SITEMAP_MAX_URLS) return this.articlesSitemapPage(1);
    const pages = Math.ceil(count / SITEMAP_MAX_URLS);
    const list = await this.reader.sitemapEntries({ limit: 0, offset: 0 });
    const lastModified = (list.changedAt ?? new Date(0)).toISOString();
    return {
      body: () =>
        articlesSitemapIndex(
          Array.from({ length: pages }, () => ({ lastModified })),
          this.publication,
        ),
      contentType: XML_TYPE,
      etag: derivedEtag('sitemap-index', String(pages), lastModified, this.identity),
      lastModified: list.changedAt,
    };
  }

  async articlesSitemapPage(page: number): Promise<Representation> {
    const list = await this.reader.sitemapEntries({ limit: SITEMAP_MAX_URLS, offset: (page - 1) * SITEMAP_MAX_URLS });
    if (page > 1 && list.articles.length === 0)
      throw ProblemException.of(404, `there is no sitemap page ${page}`, {}, errorCache());
    return {
      body: () => articlesSitemap(list.articles, this.publication),
      contentType: XML_TYPE,
      etag: derivedEtag('sitemap', String(page), this.identity, ...list.etags),
      lastModified: list.changedAt,
    };
  }
}

const errorCache = () => ({ 'cache-control': PUBLIC_ERROR_CACHE, vary: PUBLIC_VARY });

function live(slug: string, lookup: PublishedLookup): Extract<PublishedLookup, { state: 'live' }> {
  if (lookup.state === 'absent') throw ProblemException.of(404, `no published article at ${slug}`, {}, errorCache());
  if (lookup.state === 'withdrawn') {
    const withdrawnAt = lookup.withdrawnAt.toISOString();
    // 410, not 404: the article existed and was taken down on purpose, so caches and crawlers drop it.
    throw ProblemException.of(
      410,
      `the article at ${slug} was withdrawn on ${withdrawnAt}`,
      { type: 'https://copydesk.dev/problems/withdrawn', withdrawnAt },
      { ...errorCache(), 'last-modified': lookup.withdrawnAt.toUTCString() },
    );
  }
  return lookup;
}

const parse = (json: string): PublishedArticle => JSON.parse(json) as PublishedArticle;
