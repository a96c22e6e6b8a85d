import { createHash } from 'node:crypto';
import { Inject, Injectable } from '@nestjs/common';
import { Clock } from '../common/clock';
import { ProblemException } from '../common/problem.exception';
import type { AppConfig, PublicationConfig } from '../config/app-config';
import { APP_CONFIG } from '../config/config.module';
import { PUBLIC_ERROR_CACHE, PUBLIC_VARY, derivedEtag, type Representation } from './conditional-get';
import { RenderCache } from './render-cache';
import { articleFeed, type FeedFormat, type FeedSelection } from './formats/feeds';
import { newsArticleJsonLd } from './formats/json-ld';
import { ninjs31, ninjs31KillNotice, type Ninjs31 } from './formats/ninjs';
import { ninjs22 } from './formats/ninjs-2.2';
import { SITEMAP_MAX_URLS, articlesSitemap, articlesSitemapIndex, newsSitemap } from './formats/sitemaps';
import type { PublishedArticle } from './published-article';
import {
  PublishedArticlesReader,
  type ListSelection,
  type PublishedLookup,
  type RepresentationList,
} from './published-articles.reader';

export type NinjsVersion = '3.1' | '2.2';

const JSON_TYPE = 'application/json; charset=utf-8';
const CONTENT_TYPES: Record<FeedFormat, string> = {
  atom: 'application/atom+xml; charset=utf-8',
  rss: 'application/rss+xml; charset=utf-8',
  json: 'application/feed+json; charset=utf-8',
};
const XML_TYPE = 'application/xml; charset=utf-8';
const JSON_LD_TYPE = 'application/ld+json; charset=utf-8';
/** Google News sitemaps list what was first published in the last two days. */
const NEWS_WINDOW_MS = 2 * 24 * 60 * 60 * 1000;
/** Google News reads at most this many URLs from one news sitemap. */
const NEWS_MAX_URLS = 1_000;

/** Rendered formats kept in memory, by ETag: enough for every format of the most read articles and feeds. */
const RENDER_CACHE_BYTES = 64 * 1024 * 1024;

/**
 * Every public representation, from the one stored representation of each article: the reader's
 * rows go in, the formatters (pure functions in formats/) shape them, and each comes out with a
 * validator derived from the stored ETags and the publication's configuration, so a conditional
 * request is answered before anything is rendered, and a rendering is kept by its ETag.
 */
@Injectable()
export class PublishedOutputs {
  private readonly publication: PublicationConfig;
  /** A change of publication identity changes every format's bytes, so it is part of every validator. */
  private readonly identity: string;
  private readonly cache = new RenderCache(RENDER_CACHE_BYTES);

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
    const { json, etag, lastModified } = live(slug, await this.reader.bySlug(slug));
    return { contentType: JSON_TYPE, etag, lastModified, render: () => ({ body: json, etag, lastModified }) };
  }

  async ninjs(slug: string, version: NinjsVersion): Promise<Representation> {
    const lookup = await this.reader.bySlug(slug);
    const serialise = (document: Ninjs31) => JSON.stringify(version === '2.2' ? ninjs22(document) : document);
    if (lookup.state === 'withdrawn') {
      // A kill notice a polling partner can act on: 410 with a ninjs body whose pubStatus is canceled.
      const withdrawnAt = lookup.withdrawnAt.toISOString();
      return this.rendered(
        JSON_TYPE,
        derivedEtag('ninjs-kill', version, lookup.article.id, withdrawnAt, this.identity),
        lookup.withdrawnAt,
        () => serialise(ninjs31KillNotice(lookup.article, withdrawnAt, this.publication)),
        410,
      );
    }
    const found = live(slug, lookup);
    return this.rendered(JSON_TYPE, derivedEtag(found.etag, 'ninjs', version, this.identity), found.lastModified, () =>
      serialise(ninjs31(parse(found.json), this.publication)),
    );
  }

  async jsonLd(slug: string): Promise<Representation> {
    const found = live(slug, await this.reader.bySlug(slug));
    return this.rendered(JSON_LD_TYPE, derivedEtag(found.etag, 'jsonld', this.identity), found.lastModified, () =>
      JSON.stringify(newsArticleJsonLd(parse(found.json), this.publication)),
    );
  }

  async feed(format: FeedFormat, selection: FeedSelection): Promise<Representation> {
    const listed: ListSelection = { section: selection.section, tag: selection.tag, limit: this.publication.feedLength };
    return this.list(
      CONTENT_TYPES[format],
      ['feed', format, JSON.stringify(selection)],
      listed,
      true,
      (from) => this.reader.newest(from),
      (articles, changedAt) => articleFeed(format, articles, changedAt ?? new Date(0), selection, this.publication),
    );
  }

  async newsSitemap(): Promise<Representation> {
    const since = new Date(this.clock.now().getTime() - NEWS_WINDOW_MS);
    return this.list(
      XML_TYPE,
      ['news-sitemap'],
      { since, limit: NEWS_MAX_URLS },
      false,
      (from) => this.reader.sitemapEntries(from),
      (entries) => newsSitemap(entries, this.publication),
    );
  }

  /** Every live article in one sitemap, or, past the protocol's limit, an index of pages. */
  async articlesSitemap(): Promise<Representation> {
    const count = await this.reader.liveCount();
    if (count <= SITEMAP_MAX_URLS) return this.articlesSitemapPage(1);
    const { changedAt } = await this.reader.listVersion({ limit: 0 });
    const lastModified = (changedAt ?? new Date(0)).toISOString();
    const pages = Math.ceil(count / SITEMAP_MAX_URLS);
    return this.rendered(XML_TYPE, derivedEtag('sitemap-index', String(pages), lastModified, this.identity), changedAt, () =>
      articlesSitemapIndex(
        Array.from({ length: pages }, () => ({ lastModified })),
        this.publication,
      ),
    );
  }

  async articlesSitemapPage(page: number): Promise<Representation> {
    const selection: ListSelection = { limit: SITEMAP_MAX_URLS, offset: (page - 1) * SITEMAP_MAX_URLS };
    return this.list(
      XML_TYPE,
      ['sitemap', String(page)],
      selection,
      false,
      (from) => this.reader.sitemapEntries(from),
      (entries) => articlesSitemap(entries, this.publication),
      (count) => {
        if (page > 1 && count === 0) throw ProblemException.of(404, `there is no sitemap page ${page}`, {}, errorCache());
      },
    );
  }

  /** One rendering from what was just read: its validators are exact, and it is kept by its tag. */
  private rendered(
    contentType: string,
    etag: string,
    lastModified: Date | null,
    render: () => string,
    status?: number,
  ): Representation {
    return {
      status,
      contentType,
      etag,
      lastModified,
      render: () => {
        const body = this.cache.get(etag) ?? render();
        this.cache.set(etag, body);
        return { body, etag, lastModified };
      },
    };
  }

  /**
   * A list format in two reads: the list's version first (a fingerprint of its ETags, no document),
   * which answers a revalidation or finds the rendering already made; only a miss reads the
   * representations themselves. `withChangedAt` says whether the rendering shows when the set last
   * changed (a feed's updated time), which then belongs to its validator too.
   */
  private async list<Article>(
    contentType: string,
    kind: string[],
    selection: ListSelection,
    withChangedAt: boolean,
    read: (selection: ListSelection) => Promise<RepresentationList<Article>>,
    render: (articles: Article[], changedAt: Date | null) => string,
    checkCount: (count: number) => void = () => undefined,
  ): Promise<Representation> {
    const version = await this.reader.listVersion(selection);
    checkCount(version.count);
    const etagOf = (fingerprint: string, changedAt: Date | null) =>
      derivedEtag(...kind, fingerprint, withChangedAt ? (changedAt?.toISOString() ?? '') : '', this.identity);
    const etag = etagOf(version.fingerprint, version.changedAt);
    return {
      contentType,
      etag,
      lastModified: version.changedAt,
      render: async () => {
        const cached = this.cache.get(etag);
        if (cached !== undefined) return { body: cached, etag, lastModified: version.changedAt };
        const list = await read(selection);
        const rendered = {
          body: render(list.articles, list.changedAt),
          etag: etagOf(fingerprint(list.etags), list.changedAt),
          lastModified: list.changedAt,
        };
        this.cache.set(rendered.etag, rendered.body);
        return rendered;
      },
    };
  }
}

/** The same fingerprint the reader computes in SQL: md5 of the ETags, comma-joined, in list order. */
function fingerprint(etags: readonly string[]): string {
  return etags.length === 0 ? 'empty' : createHash('md5').update(etags.join(',')).digest('hex');
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
