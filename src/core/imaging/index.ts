export { crop, type Region } from './crop';
export { MAX_INPUT_PIXELS } from './decode';
export { ImageError, type ImageErrorCode } from './errors';
export { checkCapture, type CaptureProblem, type CaptureStats, type CaptureVerdict } from './guard';
export { DEFAULT_MAX_BYTES, prepareImage, type PrepareOptions, type PreparedImage } from './prepare';
export { sceneChangeScore } from './scene-change';
export { AUTO_TOKEN_BUDGET, estimateImageTokens, uploadSize, type Detail } from '../../shared/image-size';
