/** Vite asset imports: the bundled file's URL. */
declare module '*?worker&url' {
  const url: string;
  export default url;
}

declare module '*.wav?url' {
  const url: string;
  export default url;
}
