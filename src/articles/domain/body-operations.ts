import { isDeepStrictEqual } from 'node:util';
import type { Block } from './article.types';

/**
 * Body changes are stored as operations addressed by block id, so that a one-word fix in a long
 * article records one block, and two versions can be compared block by block.
 * `after: null` means "at the start of the body".
 */
export type BodyOperation =
  | { readonly op: 'insert'; readonly after: string | null; readonly block: Block }
  | { readonly op: 'replace'; readonly block: Block }
  | { readonly op: 'move'; readonly id: string; readonly after: string | null }
  | { readonly op: 'remove'; readonly id: string };

export class BodyOperationError extends Error {}

export function applyBodyOperations(body: readonly Block[], operations: readonly BodyOperation[]): Block[] {
  const blocks = [...body];
  const indexOf = (id: string): number => {
    const index = blocks.findIndex((block) => block.id === id);
    if (index < 0) throw new BodyOperationError(`no block with id ${id}`);
    return index;
  };
  const insertionPoint = (after: string | null): number => (after === null ? 0 : indexOf(after) + 1);

  for (const operation of operations) {
    switch (operation.op) {
      case 'insert':
        if (blocks.some((block) => block.id === operation.block.id)) {
          throw new BodyOperationError(`block ${operation.block.id} already exists`);
        }
        blocks.splice(insertionPoint(operation.after), 0, operation.block);
        break;
      case 'replace':
        blocks[indexOf(operation.block.id)] = operation.block;
        break;
      case 'move': {
        const [moved] = blocks.splice(indexOf(operation.id), 1);
        blocks.splice(insertionPoint(operation.after), 0, moved);
        break;
      }
      case 'remove':
        blocks.splice(indexOf(operation.id), 1);
        break;
      default:
        assertNever(operation);
    }
  }
  return blocks;
}

/**
 * The shortest honest description of how `before` became `after`: removals first, then one pass
 * over the new order that inserts new blocks, moves the blocks that left the longest run kept in
 * order, and replaces blocks whose content changed. Blocks that kept their place and content are
 * not mentioned at all.
 */
export function diffBody(before: readonly Block[], after: readonly Block[]): BodyOperation[] {
  const afterIds = new Set(after.map((block) => block.id));
  const beforeById = new Map(before.map((block) => [block.id, block]));
  const operations: BodyOperation[] = before
    .filter((block) => !afterIds.has(block.id))
    .map((block) => ({ op: 'remove', id: block.id }));

  const kept = after.filter((block) => beforeById.has(block.id));
  const oldPositions = new Map(before.filter((b) => afterIds.has(b.id)).map((b, index) => [b.id, index]));
  const stayInPlace = longestIncreasingRun(kept.map((block) => oldPositions.get(block.id)!)).map((index) => kept[index].id);
  const anchored = new Set(stayInPlace);

  after.forEach((block, index) => {
    const previousId = index === 0 ? null : after[index - 1].id;
    const previous = beforeById.get(block.id);
    if (previous === undefined) {
      operations.push({ op: 'insert', after: previousId, block });
      return;
    }
    if (!anchored.has(block.id)) operations.push({ op: 'move', id: block.id, after: previousId });
    if (!isDeepStrictEqual(previous, block)) operations.push({ op: 'replace', block });
  });
  return operations;
}

/** Indexes (into `values`) of one longest strictly increasing subsequence, O(n log n). */
function longestIncreasingRun(values: readonly number[]): number[] {
  const tailIndexes: number[] = [];
  const predecessor: number[] = new Array<number>(values.length).fill(-1);
  values.forEach((value, index) => {
    let low = 0;
    let high = tailIndexes.length;
    while (low < high) {
      const middle = (low + high) >> 1;
      if (values[tailIndexes[middle]] < value) low = middle + 1;
      else high = middle;
    }
    if (low > 0) predecessor[index] = tailIndexes[low - 1];
    tailIndexes[low] = index;
  });
  const run: number[] = [];
  for (let index = tailIndexes.at(-1) ?? -1; index >= 0; index = predecessor[index]) run.unshift(index);
  return run;
}

function assertNever(value: never): never {
  throw new BodyOperationError(`unknown body operation ${JSON.stringify(value)}`);
}
