import type { LeadImage, Source, SourceRole } from '../articles/domain/article.types';
import { joinNames, renderAttributionLine, renderImageCreditLine } from './attribution';

let nextId = 0;
const source = (name: string, role: SourceRole): Source => ({ id: `source-${++nextId}`, name, role });
const leadImage = (credit?: string): LeadImage => ({
  url: 'https://example.org/lead.jpg',
  alt: 'Xi Jinping and Alexander Lukashenko in Beijing',
  ...(credit === undefined ? {} : { credit }),
});

describe('joinNames', () => {
  it.each([
    [[], ''],
    [['Reuters'], 'Reuters'],
    [['Reuters', 'AP'], 'Reuters and AP'],
    [['Reuters', 'AP', 'AFP'], 'Reuters, AP and AFP'],
    [['Reuters', 'AP', 'AFP', 'dpa'], 'Reuters, AP, AFP and dpa'],
  ])('joins %j as "%s"', (names, joined) => {
    expect(joinNames(names)).toBe(joined);
  });
});

describe('renderAttributionLine', () => {
  it('given no sources, renders no line', () => {
    expect(renderAttributionLine([])).toBeNull();
  });

  it('given one contributor, credits it', () => {
    expect(renderAttributionLine([source('Reuters', 'contributed')])).toBe('Reuters contributed to this article.');
  });

  it('given two contributors, joins them with "and"', () => {
    expect(renderAttributionLine([source('Reuters', 'contributed'), source('AP', 'contributed')])).toBe(
      'Reuters and AP contributed to this article.',
    );
  });

  it('given three contributors, lists them in the order they were attributed', () => {
    const sources = [source('Reuters', 'contributed'), source('AP', 'contributed'), source('AFP', 'contributed')];
    expect(renderAttributionLine(sources)).toBe('Reuters, AP and AFP contributed to this article.');
  });

  it('given only wire copy, says the article is based on it', () => {
    expect(renderAttributionLine([source('Reuters', 'wire'), source('AP', 'wire')])).toBe(
      'This article is based on wire copy from Reuters and AP.',
    );
  });

  it('given wire copy and contributors, renders the wire sentence first, then the contributors', () => {
    const sources = [source('Xinhua News', 'contributed'), source('Reuters', 'wire'), source('AP', 'contributed')];
    expect(renderAttributionLine(sources)).toBe(
      'This article is based on wire copy from Reuters. Xinhua News and AP contributed to this article.',
    );
  });

  it('ignores cited and image sources: they are credited in the text and in the image credit', () => {
    const sources = [source('Xinhua News', 'cited'), source('CCTV/Thomson Reuters', 'image'), source('Reuters', 'contributed')];
    expect(renderAttributionLine(sources)).toBe('Reuters contributed to this article.');
    expect(renderAttributionLine([source('Xinhua News', 'cited'), source('CCTV', 'image')])).toBeNull();
  });
});

describe('renderImageCreditLine', () => {
  it('given a lead image with a credit, renders that credit', () => {
    expect(renderImageCreditLine(leadImage('Video still CCTV/Thomson Reuters'), [])).toBe(
      '(Image: Video still CCTV/Thomson Reuters)',
    );
  });

  it("prefers the lead image's credit to the image sources", () => {
    expect(renderImageCreditLine(leadImage('Video still CCTV/Thomson Reuters'), [source('CCTV/Thomson Reuters', 'image')])).toBe(
      '(Image: Video still CCTV/Thomson Reuters)',
    );
  });

  it('given no credit on the lead image, falls back to the image sources', () => {
    const sources = [source('CCTV', 'image'), source('Reuters', 'contributed'), source('Thomson Reuters', 'image')];
    expect(renderImageCreditLine(leadImage(), sources)).toBe('(Image: CCTV and Thomson Reuters)');
  });

  it('given a credit emptied by sanitising, falls back to the image sources', () => {
    expect(renderImageCreditLine(leadImage(''), [source('CCTV', 'image')])).toBe('(Image: CCTV)');
  });

  it('given no lead image at all, falls back to the image sources', () => {
    expect(renderImageCreditLine(null, [source('CCTV/Thomson Reuters', 'image')])).toBe('(Image: CCTV/Thomson Reuters)');
  });

  it('given neither a credit nor an image source, renders no line', () => {
    const sources = [source('Reuters', 'contributed'), source('Xinhua News', 'cited'), source('AP', 'wire')];
    expect(renderImageCreditLine(leadImage(), sources)).toBeNull();
    expect(renderImageCreditLine(null, [])).toBeNull();
  });
});
