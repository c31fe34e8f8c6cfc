export { framingCue, pagePosition, type FramingCue, type PagePosition } from './framing';
export { findPage, type FoundPage } from './page-finder';
export { DEFAULT_STEPS, preparePage, type DocumentSteps, type PreparedPage } from './prepare-page';
