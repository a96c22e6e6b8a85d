import { plainToInstance } from 'class-transformer';
import { InlineMarkup, inlineMarkup, PlainText, plainText } from './text';

describe('inlineMarkup', () => {
  describe('keeps the markup body text may carry', () => {
    it.each([
      ['<a href="https://example.org/belarus">Belarus</a>', '<a href="https://example.org/belarus">Belarus</a>'],
      ['<a href="mailto:desk@example.org">the desk</a>', '<a href="mailto:desk@example.org">the desk</a>'],
      ['<em>all-weather</em> and <strong>comprehensive</strong>', '<em>all-weather</em> and <strong>comprehensive</strong>'],
    ])('%s', (input, output) => {
      expect(inlineMarkup(input)).toBe(output);
    });

    it('keeps only the href of a link', () => {
      expect(inlineMarkup('<a href="https://example.org" target="_blank" title="t" rel="opener">x</a>')).toBe(
        '<a href="https://example.org">x</a>',
      );
    });
  });

  describe('drops anything that could run or restyle the page', () => {
    it.each([
      ['a script with its content', 'Xi <script>alert(1)</script>said', 'Xi said'],
      ['a style element with its content', '<style>p { display: none }</style>text', 'text'],
      [
        'event handlers',
        '<a href="https://example.org" onclick="steal()">x</a> <em onmouseover="steal()">y</em>',
        '<a href="https://example.org">x</a> <em>y</em>',
      ],
      ['a javascript: href', '<a href="javascript:alert(1)">x</a>', '<a>x</a>'],
      ['a javascript: href in mixed case', '<a href="JaVaScRiPt:alert(1)">x</a>', '<a>x</a>'],
      ['a data: href', '<a href="data:text/html;base64,PHNjcmlwdD4=">x</a>', '<a>x</a>'],
      ['an image with onerror', 'before <img src="x" onerror="alert(1)"> after', 'before  after'],
      ['an iframe', '<iframe src="https://evil.example"></iframe>text', 'text'],
      ['style attributes', '<em style="color: red">x</em>', '<em>x</em>'],
      ['other tags, keeping their text', '<p>one</p><div><b>two</b></div>', 'onetwo'],
    ])('%s', (_what, input, output) => {
      expect(inlineMarkup(input)).toBe(output);
    });
  });

  it('escapes a bare "<" and "&" so they stay text', () => {
    expect(inlineMarkup('1 < 2 & AT&T')).toBe('1 &lt; 2 &amp; AT&amp;T');
  });

  it('keeps typographic quotes and non-Latin text as they are', () => {
    const text = '“Minsk has supported Beijing,” Lukashenko’s aide said. Лукашенко 习近平';
    expect(inlineMarkup(text)).toBe(text);
  });

  it('trims surrounding whitespace', () => {
    expect(inlineMarkup('  \n <em>x</em> \t')).toBe('<em>x</em>');
  });

  it('leaves nothing of markup without text, so it can count as empty', () => {
    expect(inlineMarkup('<b></b> <script>x</script>')).toBe('');
  });
});

describe('plainText', () => {
  it('strips all tags and keeps "&", "<" and ">" as plain characters', () => {
    expect(plainText('AT&T <b>x</b> 1 < 2')).toBe('AT&T x 1 < 2');
    expect(plainText('5 > 3')).toBe('5 > 3');
  });

  it('strips links and emphasis too, keeping their text', () => {
    expect(plainText('<a href="https://example.org">Belarus</a> <em>and</em> <strong>China</strong>')).toBe('Belarus and China');
  });

  it('drops a script with its content', () => {
    expect(plainText('Headline<script>alert(1)</script>')).toBe('Headline');
  });

  it('keeps straight and typographic quotes and non-Latin text', () => {
    expect(plainText(`"Russia's" ‘ally’ “Belarus” Лукашенко 习近平`)).toBe(`"Russia's" ‘ally’ “Belarus” Лукашенко 习近平`);
  });

  it('trims surrounding whitespace', () => {
    expect(plainText('  Russia’s Ally Belarus \n')).toBe('Russia’s Ally Belarus');
  });

  it('never turns escaped markup into a tag', () => {
    expect(plainText('&lt;script&gt;alert(1)&lt;/script&gt;Headline')).toBe('Headline');
    expect(plainText('&amp;lt;b&amp;gt;Tom&amp;lt;/b&amp;gt;')).toBe('Tom');
  });

  it.each(['AT&T <b>x</b> 1 < 2', '&lt;b&gt;Tom&lt;/b&gt;', 'Xi &amp; Lukashenko', '“Belarus”'])(
    'gives the same text when applied twice to %p',
    (text) => {
      expect(plainText(plainText(text))).toBe(plainText(text));
    },
  );
});

describe('the InlineMarkup and PlainText decorators', () => {
  class Dto {
    @InlineMarkup() text: unknown;
    @PlainText() headline: unknown;
    @PlainText() tags: unknown;
  }

  it('given strings, sanitises each field the way its decorator says', () => {
    const dto = plainToInstance(Dto, {
      text: ' <em>Xi</em> said<script>x()</script> ',
      headline: '<b>AT&T</b> & 1 < 2',
      tags: 'x',
    });
    expect(dto).toEqual(Object.assign(new Dto(), { text: '<em>Xi</em> said', headline: 'AT&T & 1 < 2', tags: 'x' }));
  });

  it('given a list, sanitises its strings and leaves its other items alone', () => {
    const nested = { name: '<b>x</b>' };
    const dto = plainToInstance(Dto, { tags: [' <b>Belarus</b> ', 'China & Russia', 3, null, nested] });
    expect(dto.tags).toEqual(['Belarus', 'China & Russia', 3, null, { name: '<b>x</b>' }]);
  });

  it.each([
    ['a number', 42],
    ['a boolean', true],
    ['null', null],
    ['an object', { html: '<b>x</b>' }],
  ])('given %s, leaves the value untouched', (_what, value) => {
    const dto = plainToInstance(Dto, { text: value, headline: value });
    expect(dto.text).toEqual(value);
    expect(dto.headline).toEqual(value);
  });

  it('given no value, leaves the field absent', () => {
    const dto = plainToInstance(Dto, {});
    expect(dto.headline).toBeUndefined();
  });
});
