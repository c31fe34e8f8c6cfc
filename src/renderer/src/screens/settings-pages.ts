/** Settings pages, in the order of the list that moves between them. */
export const SETTINGS_PAGES = {
  key: 'Key and connection',
  speech: 'Speech',
  appearance: 'Text and colours',
  describing: 'Describing',
  reading: 'Reading',
  conversation: 'Conversation',
  privacy: 'Privacy',
  spending: 'Spending',
  history: 'History',
  feedback: 'Feedback',
  hotkeys: 'Hotkeys',
  models: 'Models',
  setup: 'Setup'
} as const;
export type SettingsPage = keyof typeof SETTINGS_PAGES;
