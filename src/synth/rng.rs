//! The generator's own PRNG. Output must be a pure function of `(providers, seed)` on every
//! platform, so the generator owns its random numbers rather than borrowing a crate's, whose
//! streams may change between versions.

use crate::model::Date;

/// splitmix64: tiny, fast, and good enough that nothing here looks patterned. Integer draws
/// only, so the sequence is the same on every platform.
pub(super) struct Rng(u64);

impl Rng {
    pub(super) fn new(seed: u64) -> Rng {
        // Mixed with a constant so seed 0 does not start from an all-zero state.
        Rng(seed ^ 0x6c61_6e64_7363_6170)
    }

    fn next_u64(&mut self) -> u64 {
        self.0 = self.0.wrapping_add(0x9e37_79b9_7f4a_7c15);
        let mut z = self.0;
        z = (z ^ (z >> 30)).wrapping_mul(0xbf58_476d_1ce4_e5b9);
        z = (z ^ (z >> 27)).wrapping_mul(0x94d0_49bb_1331_11eb);
        z ^ (z >> 31)
    }

    /// Uniform in `0..n` (n > 0), by multiply-shift; the bias is far below anything visible.
    pub(super) fn below(&mut self, n: usize) -> usize {
        ((self.next_u64() as u128 * n as u128) >> 64) as usize
    }

    /// Uniform in `lo..=hi`.
    pub(super) fn range(&mut self, lo: i64, hi: i64) -> i64 {
        lo + self.below((hi - lo + 1) as usize) as i64
    }

    pub(super) fn chance(&mut self, percent: usize) -> bool {
        self.below(100) < percent
    }

    pub(super) fn pick<'a, T>(&mut self, xs: &'a [T]) -> &'a T {
        &xs[self.below(xs.len())]
    }

    /// An index drawn with the given weights.
    pub(super) fn weighted(&mut self, weights: &[usize]) -> usize {
        let mut x = self.below(weights.iter().sum());
        for (i, &w) in weights.iter().enumerate() {
            if x < w {
                return i;
            }
            x -= w;
        }
        unreachable!("x is below the sum of the weights")
    }

    /// `k` distinct indices from `0..n`, in the order drawn (partial Fisher–Yates).
    pub(super) fn sample(&mut self, n: usize, k: usize) -> Vec<usize> {
        let mut all: Vec<usize> = (0..n).collect();
        let k = k.min(n);
        for i in 0..k {
            let j = i + self.below(n - i);
            all.swap(i, j);
        }
        all.truncate(k);
        all
    }

    pub(super) fn date_between(&mut self, from: Date, to: Date) -> Date {
        from.add_days(self.range(0, from.days_until(to).max(0)))
    }
}
