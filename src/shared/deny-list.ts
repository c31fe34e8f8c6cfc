/*
 * Apps and windows Lumen never sends a picture of, whatever the privacy shield finds in them:
 * password managers show every secret at once, and bank pages too much to hide word by word.
 * The list is the user's to edit (Settings); these are its starting entries.
 */
export const DEFAULT_DENY_LIST: readonly string[] = [
  '1Password',
  'Bitwarden',
  'KeePass',
  'KeePassXC',
  'LastPass',
  'Dashlane',
  'Keychain Access',
  'Proton Pass',
  'NordPass',
  'Enpass',
  'RoboForm',
  'Password Manager',
  'Credential Manager',
  'Online Banking',
  'Internet Banking',
  'Mobile Banking',
  'Onlinebanking',
  'Netbanking'
];
