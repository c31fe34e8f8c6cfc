/** Dates as Lumen says and stores them. No Node, no DOM: used by core and the window alike. */

const MONTHS = [
  'January',
  'February',
  'March',
  'April',
  'May',
  'June',
  'July',
  'August',
  'September',
  'October',
  'November',
  'December'
];

/** "2027-01-14" → "14 January 2027": unambiguous when spoken, whatever the user's date order. */
export function spokenDate(date: string): string {
  const [year, month, day] = date.split('-').map(Number);
  return `${day} ${MONTHS[(month ?? 1) - 1] ?? ''} ${year}`;
}

/** "YYYY-MM-DD" of a moment in local time: a shutdown on the 14th is the 14th where the user is. */
export const localDay = (d: Date): string =>
  `${d.getFullYear()}-${String(d.getMonth() + 1).padStart(2, '0')}-${String(d.getDate()).padStart(2, '0')}`;
