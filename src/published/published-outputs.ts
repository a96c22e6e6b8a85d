import { createHash } from 'node:crypto';
import { Inject, Injectable } from '@nestjs/common';
import { Clock } from '../common/clock';
import { ProblemException } from '../common/problem.exception';
import type { AppConfig, PublicationConfig } from '../config/app-config';
import { APP_CONFIG } from '../config/config.module';
import { PUBLIC_ERROR_CACHE, PUBLIC_VARY, derivedEtag, type Rendered, type Representation } from './conditional-get';
import { RecentVersions } from './recent-versions';
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
  type PublishedVersion,
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
    private readonly versions: RecentVersions,
    private readonly clock: Clock,
    @Inject(APP_CONFIG) config: AppConfig,
  ) {
    this.publication = config.publication;
    this.identity = createHash('sha256').update(JSON.stringify(config.publication)).digest('base64url');
  }

  /**
   * The stored representation, as compact JSON. Like every article route it reads the version first
   * and the document only when no rendering of that version is kept.
   */
  async page(slug: string): Promise<Representation> {
    return this.article(
      slug,
      JSON_TYPE,
      (etag) => etag,
      (article) => JSON.stringify(article),
    );
  }

  async ninjs(slug: string, version: NinjsVersion): Promise<Representation> {
    const serialise = (document: Ninjs31) => JSON.stringify(version === '2.2' ? ninjs22(document) : document);
    const current = await this.versionOf(slug);
    if (current.state === 'withdrawn') {
      const lookup = await this.reader.bySlug(slug);
      // A kill notice a polling partner can act on: 410 with a ninjs body whose pubStatus is canceled.
      if (lookup.state === 'withdrawn') {
        const withdrawnAt = lookup.withdrawnAt.toISOString();
        return this.rendered(
          JSON_TYPE,
          derivedEtag('ninjs-kill', version, lookup.article.id, withdrawnAt, this.identity),
          lookup.withdrawnAt,
          () => serialise(ninjs31KillNotice(lookup.article, withdrawnAt, this.publication)),
          410,
        );
      }
    }
    return this.article(
      slug,
      JSON_TYPE,
      (etag) => derivedEtag(etag, 'ninjs', version, this.identity),
      (article) => serialise(ninjs31(article, this.publication)),
      current,
    );
  }

  async jsonLd(slug: string): Promise<Representation> {
    return this.article(
      slug,
      JSON_LD_TYPE,
      (etag) => derivedEtag(etag, 'jsonld', this.identity),
      (article) => JSON.stringify(newsArticleJsonLd(article, this.publication)),
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

  private versionOf(slug: string): Promise<PublishedVersion> {
    return this.versions.of(slug, (wanted) => this.reader.versionBySlug(wanted));
  }

  /**
   * One article's format in two reads: its version (ETag and time, no document), which answers a
   * revalidation or finds the rendering already made; only a miss reads the document. Should the
   * article change between the two, the answer is the newer one, with the newer one's validators.
   */
  private async article(
    slug: string,
    contentType: string,
    etagOf: (storedEtag: string) => string,
    render: (article: PublishedArticle) => string,
    known?: PublishedVersion,
  ): Promise<Representation> {
    const current = known ?? (await this.versionOf(slug));
    const read = async (): Promise<Rendered> => {
      const found = live(slug, await this.reader.bySlug(slug));
      const etag = etagOf(found.etag);
      const body = this.cache.get(etag) ?? Buffer.from(render(parse(found.json)));
      this.cache.set(etag, body);
      return { body, etag, lastModified: found.lastModified };
    };
    // Not live: the full read says 404 or 410 with its details (or finds it live again, republished meanwhile).
    if (current.state !== 'live') {
      const rendered = await read();
      return { contentType, etag: rendered.etag, lastModified: rendered.lastModified, render: () => rendered };
    }
    const etag = etagOf(current.etag);
    return {
      contentType,
      etag,
      lastModified: current.lastModified,
      render: () => {
        const cached = this.cache.get(etag);
        return cached === undefined ? read() : { body: cached, etag, lastModified: current.lastModified };
      },
    };
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
        const body = this.cache.get(etag) ?? Buffer.from(render());
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
          body: Buffer.from(render(list.articles, list.changedAt)),
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
