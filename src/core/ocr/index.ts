export { OcrEngine, type OcrEngineOptions, type OcrOptions } from './engine';
export { OcrError, type OcrErrorCode } from './errors';
export { DEFAULT_OCR_LANGUAGE, installedLanguages, languageDataPath, languageName } from './languages';
export { OcrNavigator, UNCLEAR_CONFIDENCE, UNCLEAR_TEXT } from './navigator';
export { readingOrder } from './reading-order';
export type { OcrBlock, OcrBox, OcrLine, OcrResult, OcrWord } from './types';
