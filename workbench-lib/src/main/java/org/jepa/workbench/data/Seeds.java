package org.jepa.workbench.data;

/**
 * Seeds for the i-th item of a seeded collection (trajectory i, episode i). {@code new Random(seed + i)}
 * would not do: java.util.Random's first draws for consecutive seeds are nearly equal (its seed is only
 * XOR-scrambled), so item 0, 1, 2 … would start almost alike — every Two Rooms trajectory had its wall at
 * the same x before this. Here (seed, i) goes through the SplitMix64 finaliser (Steele, Lea &amp; Flood 2014),
 * which spreads neighbouring inputs over all 64 bits.
 */
public final class Seeds {
    private Seeds() {
    }

    /** A well-mixed seed for item {@code index} of a collection seeded by {@code seed}. */
    public static long of(long seed, long index) {
        long z = seed * 0x9E3779B97F4A7C15L + index + 0x632BE59BD9B4E019L;
        z = (z ^ (z >>> 30)) * 0xBF58476D1CE4E5B9L;
        z = (z ^ (z >>> 27)) * 0x94D049BB133111EBL;
        return z ^ (z >>> 31);
    }
}
