import { spawnSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import Ajv2020, { type ValidateFunction } from 'ajv/dist/2020';
import addFormats from 'ajv-formats';
import jsonld from 'jsonld';

/**
 * The independent validators the format specs use: IPTC's own ninjs schemas with ajv, a JSON-LD
 * processor with the schema.org context, xmllint with RFC 4287's RELAX NG schema and the sitemaps
 * XSDs. Everything is read from test/standards (copied there with its licence): nothing is fetched.
 */
const STANDARDS = join(__dirname, '..', '..', '..', '..', 'test', 'standards');
const readJson = (...path: string[]): object => JSON.parse(readFileSync(join(STANDARDS, ...path), 'utf8')) as object;

let ninjsValidators: Record<'3.1' | '2.2', ValidateFunction> | undefined;

/** ajv's draft 2020-12 class with formats (uri, date-time), and the GeoJSON schema the ninjs schemas refer to. */
export function ninjsValidator(version: '3.1' | '2.2'): ValidateFunction {
  if (!ninjsValidators) {
    const ajv = new Ajv2020({ allErrors: true, strict: false });
    addFormats(ajv);
    ajv.addSchema(readJson('ninjs', 'GeoJSON-schema.json'));
    ninjsValidators = {
      '3.1': ajv.compile(readJson('ninjs', 'ninjs-schema_3.1.json')),
      '2.2': ajv.compile(readJson('ninjs', 'ninjs-schema_2.2.json')),
    };
  }
  return ninjsValidators[version];
}

/** The errors ajv found, readable in a failing expectation. */
export function ninjsErrors(version: '3.1' | '2.2', document: unknown): string[] {
  const validate = ninjsValidator(version);
  return validate(document)
    ? []
    : (validate.errors ?? []).map((error) => `${error.instancePath} ${error.message} ${JSON.stringify(error.params)}`);
}

const SCHEMA_ORG_CONTEXT = readJson('schemaorg', 'schemaorgcontext.jsonld');
const SCHEMA_ORG_URLS = new Set(['https://schema.org', 'https://schema.org/', 'http://schema.org', 'http://schema.org/']);

/** Serves schema.org's context from the bundled file and refuses any other URL, so a test never reaches the network. */
const localDocumentLoader = async (url: string) => {
  if (!SCHEMA_ORG_URLS.has(url)) throw new Error(`the tests load no remote document: ${url}`);
  return { contextUrl: undefined, documentUrl: url, document: SCHEMA_ORG_CONTEXT };
};

/**
 * Expands a JSON-LD document with the schema.org context. `safe` mode makes the processor throw on
 * anything it would otherwise drop silently: a term the context does not define, a malformed IRI.
 */
export async function expandJsonLd(document: object): Promise<jsonld.JsonLdDocument[]> {
  return (await jsonld.expand(document, {
    documentLoader: localDocumentLoader,
    safe: true,
  } as jsonld.Options.Expand)) as jsonld.JsonLdDocument[];
}

const SCHEMA_ORG_TERMS = new Set(Object.keys((SCHEMA_ORG_CONTEXT as { '@context': object })['@context']));

/**
 * The properties and types of a compact schema.org document that schema.org does not define. The
 * context maps any unknown word to the schema.org namespace through @vocab, so expansion alone would
 * accept "headlines"; every real term is listed in the context by name.
 */
export function unknownSchemaOrgTerms(document: unknown): string[] {
  if (Array.isArray(document)) return document.flatMap(unknownSchemaOrgTerms);
  if (document === null || typeof document !== 'object') return [];
  return Object.entries(document as Record<string, unknown>).flatMap(([key, value]) => {
    const unknownKey = key.startsWith('@') || SCHEMA_ORG_TERMS.has(key) ? [] : [key];
    const unknownType = key === '@type' && typeof value === 'string' && !SCHEMA_ORG_TERMS.has(value) ? [value] : [];
    return [...unknownKey, ...unknownType, ...(key === '@context' ? [] : unknownSchemaOrgTerms(value))];
  });
}

export type XmlSchema = 'atom' | 'sitemap' | 'siteindex' | 'news-sitemap';

const XML_SCHEMAS: Record<XmlSchema, string[]> = {
  atom: ['--relaxng', join(STANDARDS, 'atom', 'atom.rng')],
  sitemap: ['--schema', join(STANDARDS, 'sitemaps', 'sitemap.xsd')],
  siteindex: ['--schema', join(STANDARDS, 'sitemaps', 'siteindex.xsd')],
  'news-sitemap': ['--schema', join(STANDARDS, 'sitemaps', 'news-sitemap.xsd')],
};

/** xmllint's verdict on `xml` against a schema: its messages when invalid, none when valid. */
export function xmllint(xml: string, schema: XmlSchema): string[] {
  const result = spawnSync('xmllint', ['--noout', '--nonet', ...XML_SCHEMAS[schema], '-'], { input: xml, encoding: 'utf8' });
  if (result.error) throw new Error(`xmllint could not run (apt-get install libxml2-utils): ${result.error.message}`);
  return result.status === 0 ? [] : result.stderr.split('\n').filter((line) => line.trim() !== '');
}
