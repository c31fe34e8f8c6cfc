/*
 * Which language an answer is in, without a model or a package: the most common short words of each
 * language Lumen's users ask in, counted. Words shared by two languages count for neither. A sentence
 * with too few such words is "unknown" rather than a guess.
 */

const COMMON_WORDS: Record<string, string> = {
  en: 'a the and is are was of to in on with this that there it its you your for at by from or an be has have not what where which',
  de: 'der die das und ist sind ein eine einen mit auf nicht ich sie es zu den dem von im ein für auch wie was wo',
  fr: 'y le la les et est sont un une des du avec sur dans pas je vous il elle ce cette qui où pour au aux',
  es: 'o el la los las y es son un una del con en no yo usted este esta que hay donde para por lo al sobre pero muy está están',
  it: 'il lo la gli le e è sono un una del della con su non io lei che questo questa dove per al sul sulla nella anche molto ci',
  nl: 'de het een en is zijn van met op niet ik je dit dat er waar voor aan ook',
  pt: 'o a os as e é são um uma do da com em não eu você este esta que onde para por ao muito também está estão há'
};

const WORDS = new Map<string, Set<string>>(
  Object.entries(COMMON_WORDS).map(([language, words]) => [language, new Set(words.split(' '))])
);

/** How many telling words a text needs before its language is named. */
const MIN_EVIDENCE = 2;

/** The ISO 639-1 code of the answer's language, or 'unknown'. */
export function detectLanguage(text: string): string {
  const words = text.toLowerCase().match(/\p{L}+/gu) ?? [];
  const counts = new Map<string, number>();
  for (const word of words) {
    const in_ = [...WORDS].filter(([, set]) => set.has(word)).map(([language]) => language);
    if (in_.length === 1) counts.set(in_[0]!, (counts.get(in_[0]!) ?? 0) + 1);
  }
  const ranked = [...counts].sort((a, b) => b[1] - a[1]);
  const [best, second] = ranked;
  if (!best || best[1] < MIN_EVIDENCE || (second && second[1] === best[1])) return 'unknown';
  return best[0];
}
