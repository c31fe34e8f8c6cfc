/** A recognisable fake key: if it shows up in a bundle, a page or a frame, something leaked. */
export const CANARY_KEY = 'sk-canary-0d9c8b7a6f5e4d3c2b1a00ff';
