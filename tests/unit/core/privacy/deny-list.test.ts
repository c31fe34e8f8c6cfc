import { describe, expect, it } from 'vitest';
import { DEFAULT_DENY_LIST, deniedMessage, isDenied } from '../../../../src/core/privacy/deny-list';

describe('deny list', () => {
  it('matches password managers and banking windows by whole words, in any case', () => {
    expect(isDenied('Vault – Bitwarden')).toEqual({ denied: true, match: 'Bitwarden' });
    expect(isDenied('Passwords.kdbx - KeePassXC')).toEqual({ denied: true, match: 'KeePassXC' });
    expect(isDenied('1password')).toEqual({ denied: true, match: '1Password' });
    expect(isDenied('keychain   access')).toEqual({ denied: true, match: 'Keychain Access' });
    expect(isDenied('Sparkasse Online Banking - Firefox')).toEqual({ denied: true, match: 'Online Banking' });
    expect(isDenied('Google Password Manager - Chrome')).toEqual({ denied: true, match: 'Password Manager' });
  });

  it('leaves other windows alone', () => {
    expect(isDenied('KeePassage notes.txt - Editor')).toEqual({ denied: false });
    expect(isDenied('Banking history essay.docx - Word')).toEqual({ denied: false });
    expect(isDenied('Inbox - Mail')).toEqual({ denied: false });
    expect(isDenied('')).toEqual({ denied: false });
  });

  it('uses the user’s own list, with regex characters taken literally', () => {
    const list = [...DEFAULT_DENY_LIST, 'My Bank (Private)', '  ', 'C++ Secrets'];
    expect(isDenied('My Bank (Private) — Safari', list)).toEqual({ denied: true, match: 'My Bank (Private)' });
    expect(isDenied('C++ Secrets', list)).toEqual({ denied: true, match: 'C++ Secrets' });
    expect(isDenied('My Bank Private', list)).toEqual({ denied: false });
    expect(isDenied('Bitwarden', ['Dashlane'])).toEqual({ denied: false });
  });

  it('tells the user why nothing was sent and where to change it', () => {
    expect(deniedMessage('Bitwarden')).toBe(
      'Lumen does not send pictures of Bitwarden. You can change this in Settings.'
    );
  });
});
