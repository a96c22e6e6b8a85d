// class-transformer keeps the @Type() of each field in this singleton but types it only under types/.
declare module 'class-transformer/cjs/storage.js' {
  export { defaultMetadataStorage } from 'class-transformer/types/storage';
}
