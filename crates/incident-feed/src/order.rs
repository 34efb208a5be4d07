//! One shared, stable sort for every crate of the project.
//!
//! Why not `slice::sort_by`: std's sort is generic over the element and the
//! comparison, so each call site instantiates its own copy of driftsort or
//! ipnsort (several KB of wasm each). The size analysis of the embed found
//! about 100 such copies from 15 call sites, 48 KB of raw wasm. Here the sort
//! itself is written once, over indices with a `dyn` comparison, and only a
//! few lines (the closure and the permutation) are generic. The lists we sort
//! are small (incidents, updates, highlight ranges, search terms), so a plain
//! merge sort is as fast as we need.
//!
//! ```
//! let mut words = vec!["c", "a", "b"];
//! incident_feed::order::sort_by(&mut words, |a, b| a.cmp(b));
//! assert_eq!(words, ["a", "b", "c"]);
//!
//! let mut pairs = vec![(2, 'x'), (1, 'y'), (2, 'a')];
//! incident_feed::order::sort_by_key(&mut pairs, |p| p.0);
//! assert_eq!(pairs, [(1, 'y'), (2, 'x'), (2, 'a')]); // stable: ties keep their order
//! ```

use std::cmp::Ordering;

/// Sorts `items` by `compare`, stably (equal items keep their order).
pub fn sort_by<T>(items: &mut [T], mut compare: impl FnMut(&T, &T) -> Ordering) {
    let order = stable_order(items.len(), &mut |a, b| compare(&items[a], &items[b]));
    permute(items, order);
}

/// Sorts `items` by the key `key` gives each, stably.
pub fn sort_by_key<T, K: Ord>(items: &mut [T], mut key: impl FnMut(&T) -> K) {
    sort_by(items, |a, b| key(a).cmp(&key(b)));
}

/// Sorts `items` in their natural order, stably.
pub fn sort<T: Ord>(items: &mut [T]) {
    sort_by(items, T::cmp);
}

/// The positions `0..len` in sorted order: a bottom-up merge sort, stable,
/// O(n log n) comparisons. Not generic, so it exists once in the binary.
fn stable_order(len: usize, compare: &mut dyn FnMut(usize, usize) -> Ordering) -> Vec<usize> {
    let mut order: Vec<usize> = (0..len).collect();
    let mut merged = vec![0; len];
    let mut width = 1;
    while width < len {
        let mut start = 0;
        while start < len {
            let mid = (start + width).min(len);
            let end = (start + 2 * width).min(len);
            let (mut left, mut right, mut out) = (start, mid, start);
            while left < mid && right < end {
                // `Greater` only: on a tie the left (earlier) item goes first.
                if compare(order[left], order[right]) == Ordering::Greater {
                    merged[out] = order[right];
                    right += 1;
                } else {
                    merged[out] = order[left];
                    left += 1;
                }
                out += 1;
            }
            merged[out..out + (mid - left)].copy_from_slice(&order[left..mid]);
            out += mid - left;
            merged[out..out + (end - right)].copy_from_slice(&order[right..end]);
            start = end;
        }
        std::mem::swap(&mut order, &mut merged);
        width *= 2;
    }
    order
}

/// Rearranges `items` so that position `i` holds what was at `order[i]`,
/// in place, by following the permutation's cycles with swaps.
fn permute<T>(items: &mut [T], mut order: Vec<usize>) {
    for start in 0..items.len() {
        let mut current = start;
        // A visited position points to itself; each cycle is walked once.
        while order[current] != start {
            let next = order[current];
            items.swap(current, next);
            order[current] = current;
            current = next;
        }
        order[current] = current;
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// A small deterministic generator, so the test needs no extra crate.
    fn numbers(seed: u64, len: usize, range: u64) -> Vec<u64> {
        let mut state = seed;
        (0..len)
            .map(|_| {
                state = state.wrapping_mul(6364136223846793005).wrapping_add(1442695040888963407);
                (state >> 33) % range
            })
            .collect()
    }

    #[test]
    fn agrees_with_std_stable_sort_on_many_lengths_and_ties() {
        for len in 0..70 {
            for range in [1, 3, 1000] {
                // Tag each item with its original position to see stability.
                let keys = numbers(len as u64 * 31 + range, len, range);
                let mut ours: Vec<(u64, usize)> = keys.iter().copied().zip(0..).collect();
                let mut std_sorted = ours.clone();
                sort_by_key(&mut ours, |p| p.0);
                std_sorted.sort_by_key(|p| p.0);
                assert_eq!(ours, std_sorted, "len {len}, range {range}");
            }
        }
    }

    #[test]
    fn sorts_descending_with_reverse_keys_and_strings_naturally() {
        let mut values = vec![3, 9, 1, 9, 4];
        sort_by_key(&mut values, |v| std::cmp::Reverse(*v));
        assert_eq!(values, [9, 9, 4, 3, 1]);
        let mut words: Vec<String> = ["ß", "a", "Z", "ä"].iter().map(|s| s.to_string()).collect();
        sort(&mut words);
        assert_eq!(words, ["Z", "a", "ß", "ä"].map(String::from));
    }

    #[test]
    fn float_comparisons_order_like_total_cmp() {
        let mut values = vec![0.5f32, -1.0, 2.0, 0.5, f32::NAN, 0.0];
        sort_by(&mut values, |a, b| b.total_cmp(a));
        assert!(values[0].is_nan());
        assert_eq!(&values[1..], &[2.0, 0.5, 0.5, 0.0, -1.0]);
    }
}
