import type { PrivateKind } from './rules';

/** Each kind as the user hears it: with its article for one, plural for more. */
const NAMES: Record<PrivateKind, { one: string; many: string }> = {
  card: { one: 'a card number', many: 'card numbers' },
  iban: { one: 'a bank account number', many: 'bank account numbers' },
  email: { one: 'an e-mail address', many: 'e-mail addresses' },
  phone: { one: 'a phone number', many: 'phone numbers' },
  code: { one: 'a security code', many: 'security codes' },
  password: { one: 'a password', many: 'passwords' }
};

/** The kind alone, for lists: "card number". */
export function kindName(kind: PrivateKind): string {
  return NAMES[kind].one.replace(/^an? /, '');
}

const ORDER: PrivateKind[] = ['card', 'iban', 'email', 'phone', 'code', 'password'];

function list(parts: string[]): string {
  return parts.length <= 1 ? (parts[0] ?? '') : `${parts.slice(0, -1).join(', ')} and ${parts.at(-1)}`;
}

/** What was found, counted and named: ["2 private items", "a card number and an e-mail address"]. */
function counted(items: readonly { kind: PrivateKind }[]): [string, string] {
  const counts = new Map<PrivateKind, number>();
  for (const { kind } of items) counts.set(kind, (counts.get(kind) ?? 0) + 1);
  const parts = ORDER.filter((k) => counts.has(k)).map((k) => {
    const n = counts.get(k)!;
    return n === 1 ? NAMES[k].one : `${n} ${NAMES[k].many}`;
  });
  return [`${items.length} ${items.length === 1 ? 'private item' : 'private items'}`, list(parts)];
}

/**
 * What the user hears after a picture or text was shielded: "2 private items hidden: a card number
 * and an e-mail address." Empty when nothing was hidden, as there is then nothing worth saying.
 */
export function hiddenSummary(items: readonly { kind: PrivateKind }[]): string {
  if (items.length === 0) return '';
  const [count, names] = counted(items);
  return `${count} hidden: ${names}.`;
}

/** Said when the shield is set to ask and a picture shows private text: nothing has left yet. */
export function askBeforeSending(items: readonly { kind: PrivateKind }[]): string {
  const [count, names] = counted(items);
  return (
    `This picture shows ${count}: ${names}. Nothing was sent. ` +
    'Ask again to send it as it is, or set the privacy shield to on to hide them.'
  );
}
