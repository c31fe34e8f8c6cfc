/** A cost in US dollars as it is said and shown: "less than a cent" or "$0.12". */
export function spokenCost(usd: number): string {
  return usd < 0.005 ? 'less than a cent' : `$${usd.toFixed(2)}`;
}
