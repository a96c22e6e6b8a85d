// Types for fresh-build.mjs, which is plain JavaScript because it runs before anything is built.
export declare const BUILD_INPUTS: readonly string[];
export declare function sourceFingerprint(root: string, inputs?: readonly string[]): string;
export declare function freshBuild(options: {
  root: string;
  outRoot: string;
  inputs?: readonly string[];
  build?: (root: string, outDir: string) => void;
  log?: (line: string) => void;
}): string;
export declare function compileWithTsc(root: string, outDir: string, tsc?: string): void;
