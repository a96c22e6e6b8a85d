import { randomUUID } from 'node:crypto';
import type { DraftContent } from '../domain/article.commands';
import type { Block, ContentFieldChanges } from '../domain/article.types';
import type { AnyBlockDto } from './dto/content.dto';
import type { CreateArticleDto } from './dto/create-article.dto';
import type { EditArticleDto } from './dto/edit-article.dto';

/** New blocks get their ids here, outside the pure decider. */
export function toBlocks(blocks: readonly AnyBlockDto[]): Block[] {
  return blocks.map((block) => ({ ...withoutUndefined(block), id: block.id ?? randomUUID() }) as Block);
}

export function toDraftContent(dto: CreateArticleDto): DraftContent {
  return {
    headline: dto.headline,
    standfirst: dto.standfirst ?? null,
    ...(dto.slug ? { slug: dto.slug } : {}),
    section: dto.section,
    tags: dto.tags ?? [],
    language: dto.language,
    authors: dto.authors.map(withoutUndefined),
    body: toBlocks(dto.body),
    leadImage: dto.leadImage ? withoutUndefined(dto.leadImage) : null,
    relatedLinks: (dto.relatedLinks ?? []).map(withoutUndefined),
  };
}

export function toEdit(dto: EditArticleDto): { changes: ContentFieldChanges; body?: Block[] } {
  const { body, authors, leadImage, relatedLinks, ...scalars } = dto;
  const changes: ContentFieldChanges = {
    ...withoutUndefined(scalars),
    ...(authors ? { authors: authors.map(withoutUndefined) } : {}),
    ...(leadImage !== undefined ? { leadImage: leadImage === null ? null : withoutUndefined(leadImage) } : {}),
    ...(relatedLinks ? { relatedLinks: relatedLinks.map(withoutUndefined) } : {}),
  };
  return body ? { changes, body: toBlocks(body) } : { changes };
}

/** DTO instances carry unset optional fields as undefined; events store only what is there. */
function withoutUndefined<T extends object>(value: T): T {
  return Object.fromEntries(Object.entries(value).filter(([, field]) => field !== undefined)) as T;
}
