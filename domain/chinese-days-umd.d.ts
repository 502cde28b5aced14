// The package's UMD build: its ESM build is mis-parsed by the workflow bundler (the package is
// "type": "commonjs" yet its "module" entry uses `export`). Same API, same types.
declare module 'chinese-days/dist/index.min.js' {
  export * from 'chinese-days';
}
