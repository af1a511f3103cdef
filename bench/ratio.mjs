// The ratio of two medians from paired loads, with a 90 % bootstrap interval: one page load's
// first paint varies by a fifth on this machine, so a ratio of medians from a few dozen loads
// moves between runs by more than a budget's 5 %; the interval says how far.

/** The median of the numbers in `xs` (the mean of the middle two for an even count). */
export const median = (xs) => {
  const s = xs.filter((x) => typeof x === "number").sort((a, b) => a - b);
  if (!s.length) throw new Error("no measurements");
  return s.length % 2 ? s[(s.length - 1) / 2] : (s[s.length / 2 - 1] + s[s.length / 2]) / 2;
};

/** A seeded pseudo-random source (mulberry32): the same loads give the same interval. */
const seeded = (seed) => () => {
  seed = (seed + 0x6d2b79f5) | 0;
  let t = Math.imul(seed ^ (seed >>> 15), 1 | seed);
  t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
  return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
};

/** median(ours) / median(base), where ours[i] and base[i] are one pair of loads, with the 5th
 * and 95th percentiles of the same ratio over 2000 resamplings of the pairs. */
export function pairedRatio(ours, base) {
  if (ours.length !== base.length || !ours.length) throw new Error("the loads are not in pairs");
  const random = seeded(26);
  const ratios = Array.from({ length: 2000 }, () => {
    const pick = Array.from({ length: ours.length }, () => Math.floor(random() * ours.length));
    return median(pick.map((i) => ours[i])) / median(pick.map((i) => base[i]));
  }).sort((a, b) => a - b);
  return {
    ratio: median(ours) / median(base),
    low: ratios[Math.floor(ratios.length * 0.05)],
    high: ratios[Math.floor(ratios.length * 0.95)],
  };
}
