import { DataSource } from 'typeorm';
import { dataSourceOptions } from './data-source-options';

/**
 * For the TypeORM CLI (`npx typeorm migration:generate -d dist/src/config/data-source.js`), which
 * needs a server named by DATABASE_URL; the app and `npm run migrate` also handle the embedded one.
 */
const url = process.env.DATABASE_URL;
if (!url) throw new Error('the TypeORM CLI needs DATABASE_URL');
export default new DataSource(dataSourceOptions(url));
