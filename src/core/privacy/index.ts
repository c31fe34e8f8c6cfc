export {
  DEFAULT_DENY_LIST,
  deniedMessage,
  deniedOnScreenMessage,
  isDenied,
  WINDOWS_UNCHECKED,
  type DenyVerdict
} from './deny-list';
export { findPrivate, type Box, type OcrLine, type OcrWord, type PrivateItem, type PrivateKind } from './detect';
export {
  blackOut,
  coverFor,
  DEFAULT_PADDING,
  shieldImage,
  type BlackOutOptions,
  type RecognizedText,
  type ShieldedImage,
  type ShieldFormat
} from './redact';
export { askBeforeSending, hiddenSummary, kindName } from './summary';
export { PLACEHOLDERS, redactText, type HiddenText } from './text';
