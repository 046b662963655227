//! Order statistics and the bootstrap, as docs/reference.md §3 defines
//! them: the median of an even count is the mean of the two middle values,
//! the p90 is the ⌈0.9 n⌉-th smallest value.

/// The median; `None` for no values.
pub fn median(values: &[f64]) -> Option<f64> {
    let mut v = values.to_vec();
    median_in_place(&mut v)
}

/// The median, reordering `v`.
pub(crate) fn median_in_place(v: &mut [f64]) -> Option<f64> {
    let n = v.len();
    if n == 0 {
        return None;
    }
    let (_, &mut upper, _) = v.select_nth_unstable_by(n / 2, f64::total_cmp);
    if n % 2 == 1 {
        return Some(upper);
    }
    // The lower middle value is the largest of the lower half.
    let lower = v[..n / 2]
        .iter()
        .copied()
        .max_by(f64::total_cmp)
        .unwrap_or(upper);
    Some((lower + upper) / 2.0)
}

/// The ⌈num·n/den⌉-th smallest value (the first when that is 0); `None`
/// for no values. Integer arithmetic: 0.9·30 is not 27 in floating point.
pub(crate) fn quantile(values: &[f64], num: usize, den: usize) -> Option<f64> {
    let n = values.len();
    if n == 0 || den == 0 {
        return None;
    }
    let k = (num * n).div_ceil(den).clamp(1, n);
    let mut v = values.to_vec();
    let (_, &mut x, _) = v.select_nth_unstable_by(k - 1, f64::total_cmp);
    Some(x)
}

/// The 90th percentile: the ⌈0.9 n⌉-th smallest value.
pub fn p90(values: &[f64]) -> Option<f64> {
    quantile(values, 9, 10)
}

/// A small deterministic generator (SplitMix64): the same data always
/// gets the same interval.
pub(crate) struct Rng(u64);

impl Rng {
    pub fn new(seed: u64) -> Rng {
        Rng(seed)
    }

    pub(crate) fn next_u64(&mut self) -> u64 {
        self.0 = self.0.wrapping_add(0x9E37_79B9_7F4A_7C15);
        let mut z = self.0;
        z = (z ^ (z >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
        z = (z ^ (z >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
        z ^ (z >> 31)
    }

    /// A uniform index below `n` (> 0).
    pub fn below(&mut self, n: usize) -> usize {
        // Multiply-shift: unbiased enough for resampling, and branch-free.
        ((u128::from(self.next_u64()) * n as u128) >> 64) as usize
    }
}

/// Resamples drawn for an interval.
pub(crate) const RESAMPLES: usize = 1000;
/// The seed every interval starts from.
pub(crate) const SEED: u64 = 0x7ea3_11e7_d0c5_2026;

/// A 95% bootstrap interval for `stat` over two samples, each resampled
/// with replacement `RESAMPLES` times from one fixed seed; resamples where
/// `stat` is undefined are left out. `None` when no resample is defined.
pub(crate) fn bootstrap2<T: Copy>(
    a: &[T],
    b: &[T],
    mut stat: impl FnMut(&mut Vec<T>, &mut Vec<T>) -> Option<f64>,
) -> Option<(f64, f64)> {
    if a.is_empty() || b.is_empty() {
        return None;
    }
    let mut rng = Rng::new(SEED);
    let mut out = Vec::with_capacity(RESAMPLES);
    let (mut ra, mut rb) = (Vec::with_capacity(a.len()), Vec::with_capacity(b.len()));
    for _ in 0..RESAMPLES {
        ra.clear();
        ra.extend((0..a.len()).map(|_| a[rng.below(a.len())]));
        rb.clear();
        rb.extend((0..b.len()).map(|_| b[rng.below(b.len())]));
        if let Some(x) = stat(&mut ra, &mut rb).filter(|x| x.is_finite()) {
            out.push(x);
        }
    }
    Some((quantile(&out, 25, 1000)?, quantile(&out, 975, 1000)?))
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::{any, prop_assert, prop_assert_eq, proptest};

    #[test]
    fn definitions() {
        assert_eq!(median(&[]), None);
        assert_eq!(median(&[3.0]), Some(3.0));
        assert_eq!(median(&[4.0, 1.0]), Some(2.5));
        assert_eq!(median(&[5.0, 1.0, 3.0]), Some(3.0));
        assert_eq!(median(&[7.0, 1.0, 3.0, 10.0]), Some(5.0));
        // p90: the ⌈0.9 n⌉-th smallest.
        let ten: Vec<f64> = (1..=10).map(f64::from).collect();
        assert_eq!(p90(&ten), Some(9.0));
        let eleven: Vec<f64> = (1..=11).map(f64::from).collect();
        assert_eq!(p90(&eleven), Some(10.0));
        assert_eq!(p90(&[2.0]), Some(2.0));
        assert_eq!(p90(&[]), None);
    }

    #[test]
    fn the_bootstrap_is_deterministic_and_brackets_a_clear_difference() {
        let a: Vec<f64> = (0..200).map(|i| 100.0 + f64::from(i % 20)).collect();
        let b: Vec<f64> = (0..200).map(|i| 10.0 + f64::from(i % 20) / 10.0).collect();
        let ratio =
            |x: &mut Vec<f64>, y: &mut Vec<f64>| Some(median_in_place(x)? / median_in_place(y)?);
        let one = bootstrap2(&a, &b, ratio).unwrap();
        let two = bootstrap2(&a, &b, ratio).unwrap();
        assert_eq!(one, two);
        let point = median(&a).unwrap() / median(&b).unwrap();
        assert!(one.0 <= point && point <= one.1, "{one:?} around {point}");
        assert!(one.0 > 8.0 && one.1 < 12.0, "{one:?}");
        assert_eq!(bootstrap2(&[] as &[f64], &b, ratio), None);
    }

    proptest! {
        #[test]
        fn median_and_p90_match_a_sort(v in proptest::collection::vec(-1e6f64..1e6, 1..60)) {
            let mut s = v.clone();
            s.sort_by(f64::total_cmp);
            let n = s.len();
            let m = if n % 2 == 1 { s[n / 2] } else { (s[n / 2 - 1] + s[n / 2]) / 2.0 };
            prop_assert_eq!(median(&v), Some(m));
            let k = (9 * n).div_ceil(10);
            prop_assert_eq!(p90(&v), Some(s[k - 1]));
            let lo = s[0];
            let hi = s[n - 1];
            prop_assert!(median(&v).unwrap() >= lo && median(&v).unwrap() <= hi);
        }

        #[test]
        fn resampled_indices_stay_in_range(seed in any::<u64>(), n in 1usize..1000) {
            let mut r = Rng::new(seed);
            for _ in 0..100 {
                prop_assert!(r.below(n) < n);
            }
        }
    }
}
