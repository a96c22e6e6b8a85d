import type { Block } from './article.types';
import { applyBodyOperations, BodyOperationError, diffBody, type BodyOperation } from './body-operations';
import { paragraph } from './testing/article-scenario';

/** mulberry32: a small seeded PRNG, so every run checks the same cases and a failure can be replayed. */
function randomSource(seed: number) {
  let state = seed >>> 0;
  const next = (): number => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
  const int = (below: number): number => Math.floor(next() * below);
  return { int, chance: (probability: number): boolean => next() < probability };
}
type Random = ReturnType<typeof randomSource>;

function randomBlock(random: Random, id: string): Block {
  const word = `w${random.int(5)}`;
  switch (random.int(5)) {
    case 0:
      return { id, type: 'heading', text: `Heading ${word}`, level: 1 + random.int(6) };
    case 1:
      return { id, type: 'quote', text: `Quote ${word}`, ...(random.chance(0.5) ? { speaker: 'Xi' } : {}) };
    case 2:
      return { id, type: 'image', url: `https://img.example/${word}.jpg`, alt: word };
    case 3:
      return { id, type: 'related', title: `Related ${word}`, url: `https://example.com/${word}` };
    default:
      return { id, type: 'paragraph', text: `Paragraph ${word}.` };
  }
}

/** A random edit: some blocks removed, some changed, some moved, some new ones inserted. */
function randomCase(random: Random) {
  const before = Array.from({ length: random.int(12) }, (_, index) => randomBlock(random, `b${index}`));
  const after = before
    .filter(() => !random.chance(0.2))
    .map((block) => (random.chance(0.25) ? randomBlock(random, block.id) : block));
  const moves = random.chance(0.2) ? after.length : random.int(3);
  for (let move = 0; move < moves && after.length > 1; move++) {
    const [moved] = after.splice(random.int(after.length), 1);
    after.splice(random.int(after.length + 1), 0, moved);
  }
  for (let insert = random.int(4); insert > 0; insert--) {
    after.splice(random.int(after.length + 1), 0, randomBlock(random, `new${insert}`));
  }
  return { before, after };
}

const ops = (operations: BodyOperation[], op: BodyOperation['op']) => operations.filter((operation) => operation.op === op);
const blocks = (count: number): Block[] => Array.from({ length: count }, (_, index) => paragraph(`b${index}`));

describe('diffBody then applyBodyOperations', () => {
  it('rebuilds the new body exactly, for 2000 random edits', () => {
    const random = randomSource(20250305);
    for (let caseNumber = 0; caseNumber < 2000; caseNumber++) {
      const { before, after } = randomCase(random);
      const operations = diffBody(Object.freeze([...before]), Object.freeze([...after]));
      expect({ caseNumber, body: applyBodyOperations(before, operations) }).toEqual({ caseNumber, body: after });
    }
  });

  it('names each removed, inserted and changed block once, for 2000 random edits', () => {
    const random = randomSource(7);
    for (let caseNumber = 0; caseNumber < 2000; caseNumber++) {
      const { before, after } = randomCase(random);
      const beforeById = new Map(before.map((block) => [block.id, block]));
      const afterIds = new Set(after.map((block) => block.id));
      const operations = diffBody(before, after);
      const expected = {
        remove: before.filter((block) => !afterIds.has(block.id)).map((block) => block.id),
        insert: after.filter((block) => !beforeById.has(block.id)).map((block) => block.id),
        replace: after
          .filter((block) => beforeById.has(block.id) && JSON.stringify(beforeById.get(block.id)) !== JSON.stringify(block))
          .map((block) => block.id),
      };
      const actual = {
        remove: ops(operations, 'remove').map((operation) => (operation.op === 'remove' ? operation.id : '')),
        insert: ops(operations, 'insert').map((operation) => (operation.op === 'insert' ? operation.block.id : '')),
        replace: ops(operations, 'replace').map((operation) => (operation.op === 'replace' ? operation.block.id : '')),
      };
      expect({ caseNumber, ...actual }).toEqual({ caseNumber, ...expected });
    }
  });

  it('describes an unchanged body with no operations', () => {
    expect(diffBody(blocks(8), blocks(8))).toEqual([]);
    expect(diffBody([], [])).toEqual([]);
  });

  it('describes one changed block as one replace of that block', () => {
    const after = blocks(8);
    after[5] = paragraph('b5', 'A corrected paragraph.');
    expect(diffBody(blocks(8), after)).toEqual([{ op: 'replace', block: paragraph('b5', 'A corrected paragraph.') }]);
  });

  it('describes a block moved to the front as that one move', () => {
    const before = blocks(10);
    const after = [before[7], ...before.filter((block) => block.id !== 'b7')];
    expect(diffBody(before, after)).toEqual([{ op: 'move', id: 'b7', after: null }]);
  });

  it('describes a pure reorder with moves only, fewer than the blocks when one block moves', () => {
    const random = randomSource(42);
    for (let caseNumber = 0; caseNumber < 200; caseNumber++) {
      const before = blocks(2 + random.int(15));
      const after = [...before];
      const [moved] = after.splice(random.int(after.length), 1);
      after.splice(random.int(after.length + 1), 0, moved);
      const operations = diffBody(before, after);
      expect({ caseNumber, kinds: [...new Set(operations.map((operation) => operation.op))] }).toEqual({
        caseNumber,
        kinds: operations.length === 0 ? [] : ['move'],
      });
      expect(operations.length).toBeLessThanOrEqual(1);
      expect(applyBodyOperations(before, operations)).toEqual(after);
    }
  });

  it('reverses a body with fewer moves than blocks', () => {
    const before = blocks(6);
    const operations = diffBody(before, [...before].reverse());
    expect(operations.every((operation) => operation.op === 'move')).toBe(true);
    expect(operations).toHaveLength(5);
  });

  it('inserts at the start with after: null and elsewhere after the preceding block', () => {
    const before = blocks(2);
    const first = paragraph('x');
    const last = paragraph('y');
    expect(diffBody(before, [first, ...before, last])).toEqual([
      { op: 'insert', after: null, block: first },
      { op: 'insert', after: 'b1', block: last },
    ]);
  });
});

describe('applyBodyOperations', () => {
  const body = blocks(3);

  it('does not change the body it is given', () => {
    const frozen = Object.freeze(blocks(3));
    applyBodyOperations(frozen, [
      { op: 'remove', id: 'b0' },
      { op: 'move', id: 'b2', after: null },
    ]);
    expect(frozen).toEqual(blocks(3));
  });

  it.each<[string, BodyOperation]>([
    ['replacing an unknown block', { op: 'replace', block: paragraph('nope') }],
    ['moving an unknown block', { op: 'move', id: 'nope', after: null }],
    ['moving after an unknown block', { op: 'move', id: 'b0', after: 'nope' }],
    ['removing an unknown block', { op: 'remove', id: 'nope' }],
    ['inserting after an unknown block', { op: 'insert', after: 'nope', block: paragraph('new') }],
  ])('refuses %s', (_, operation) => {
    const apply = () => applyBodyOperations(body, [operation]);
    expect(apply).toThrow(BodyOperationError);
    expect(apply).toThrow('no block with id nope');
  });

  it('refuses to insert a block whose id is already in the body', () => {
    const apply = () => applyBodyOperations(body, [{ op: 'insert', after: null, block: paragraph('b1') }]);
    expect(apply).toThrow(BodyOperationError);
    expect(apply).toThrow('block b1 already exists');
  });

  it('refuses an unknown operation', () => {
    expect(() => applyBodyOperations(body, [{ op: 'split' } as unknown as BodyOperation])).toThrow(BodyOperationError);
  });
});
