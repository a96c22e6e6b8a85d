import { readFile } from 'node:fs/promises';
import { dirname, join } from 'node:path';

/**
 * The interactive reference is Swagger UI (the build @nestjs/swagger ships), pointed at
 * /openapi.json. Its few files are served by name from swagger-ui-dist, and read once.
 */

const TYPES = { css: 'text/css; charset=utf-8', js: 'text/javascript; charset=utf-8', png: 'image/png' } as const;
const SWAGGER_UI_FILES = [
  'swagger-ui.css',
  'swagger-ui-bundle.js',
  'swagger-ui-standalone-preset.js',
  'favicon-32x32.png',
  'favicon-16x16.png',
];
/** Relative addresses: the page works behind a proxy that mounts the service under a path. */
const INITIALIZER = `window.ui = SwaggerUIBundle({
  url: 'openapi.json',
  dom_id: '#swagger-ui',
  deepLinking: true,
  persistAuthorization: true,
  presets: [SwaggerUIBundle.presets.apis, SwaggerUIStandalonePreset],
  layout: 'StandaloneLayout',
});
`;
export const ASSET_NAMES = [...SWAGGER_UI_FILES, 'initializer.js'];

export const REFERENCE_PAGE = `<!doctype html>
<html lang="en">
  <head>
    <meta charset="utf-8" />
    <title>Copydesk API reference</title>
    <link rel="stylesheet" href="docs/swagger-ui.css" />
    <link rel="icon" type="image/png" href="docs/favicon-32x32.png" sizes="32x32" />
    <link rel="icon" type="image/png" href="docs/favicon-16x16.png" sizes="16x16" />
  </head>
  <body>
    <div id="swagger-ui"></div>
    <script src="docs/swagger-ui-bundle.js"></script>
    <script src="docs/swagger-ui-standalone-preset.js"></script>
    <script src="docs/initializer.js"></script>
  </body>
</html>
`;

export interface Asset {
  readonly contentType: string;
  readonly body: Buffer;
}

const cache = new Map<string, Promise<Asset>>();

/** The named file, or null when the reference has no file of that name. */
export function swaggerUiAsset(name: string): Promise<Asset> | null {
  if (!ASSET_NAMES.includes(name)) return null;
  let asset = cache.get(name);
  if (asset === undefined) {
    asset = read(name);
    cache.set(name, asset);
  }
  return asset;
}

async function read(name: string): Promise<Asset> {
  const contentType = TYPES[name.slice(name.lastIndexOf('.') + 1) as keyof typeof TYPES];
  if (name === 'initializer.js') return { contentType, body: Buffer.from(INITIALIZER) };
  const folder = dirname(require.resolve('swagger-ui-dist/package.json'));
  return { contentType, body: await readFile(join(folder, name)) };
}
