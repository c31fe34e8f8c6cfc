const NAMES: Record<string, string> = {
  ' ': 'space',
  '.': 'dot',
  ',': 'comma',
  '-': 'dash',
  _: 'underscore',
  '@': 'at',
  '/': 'slash',
  '\\': 'backslash',
  ':': 'colon',
  ';': 'semicolon',
  '!': 'exclamation mark',
  '?': 'question mark',
  "'": 'apostrophe',
  '"': 'quote',
  '(': 'open bracket',
  ')': 'close bracket',
  '&': 'and',
  '+': 'plus',
  '=': 'equals',
  '#': 'hash',
  '%': 'percent',
  '*': 'star'
};

/** "Ab 1" → "capital A, b, space, 1": each character said on its own, case included. */
export function spellOut(text: string): string {
  return [...text.trim()]
    .map((ch) => {
      if (NAMES[ch]) return NAMES[ch];
      if (/\s/.test(ch)) return 'space';
      if (ch !== ch.toLowerCase()) return `capital ${ch}`;
      return ch;
    })
    .join(', ');
}
