import type { Ninjs31 } from './ninjs';

const NINJS_22 = { name: 'ninjs', version: '2.2', schema: 'http://www.iptc.org/std/ninjs/ninjs-schema_2.2.json#' };

/**
 * ninjs 2.2 from the 3.1 document: the same news object for partners that still read 2.x. The two
 * differ in more than case: 2.x names every property in lower case (`altids`, `infosources`,
 * `versioncreated`, `pubstatus`, `contenttype`), calls `embargoedUntil` `embargoed`, and its
 * associations have no `rel` (2.x says the relationship with the association's `name`, which ours
 * already does: "leadimage", "image-<block id>").
 */
export function ninjs22(document: Ninjs31): Record<string, unknown> {
  return { ...(toVersion22(document, false) as Record<string, unknown>), standard: NINJS_22 };
}

function toVersion22(value: unknown, isAssociation: boolean): unknown {
  if (Array.isArray(value)) return value.map((item) => toVersion22(item, false));
  if (value === null || typeof value !== 'object') return value;
  return Object.fromEntries(
    Object.entries(value as Record<string, unknown>).flatMap(([key, item]) => {
      if (isAssociation && key === 'rel') return [];
      const name = key === 'embargoedUntil' ? 'embargoed' : key.toLowerCase();
      const converted =
        key === 'associations' && Array.isArray(item)
          ? item.map((association) => toVersion22(association, true))
          : toVersion22(item, false);
      return [[name, converted]];
    }),
  );
}
