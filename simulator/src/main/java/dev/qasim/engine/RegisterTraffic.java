package dev.qasim.engine;

import dev.qasim.config.Dataflow;

/**
 * Bits written into the array's registers, as the stepped model writes them, in closed form (the stepped
 * engine counts them one write at a time; the equivalence tests compare the two). Every PE of the array is
 * clocked, idle ones of a partial fold included (they pass zeros):
 * <ul>
 *   <li>ws / is: each stream step writes a PE's stream register (the stream operand's width) and its L
 *   partial-sum registers (accumulator width); a stationary value for row r passes r pipeline registers and is
 *   latched into row r's shadow register (L values of the stationary operand's width); each fold swaps every
 *   PE's shadow registers into the active ones once.</li>
 *   <li>os: each stream step writes a PE's data register, its L weight registers and its L accumulators.</li>
 * </ul>
 */
final class RegisterTraffic {
    private final Mapping map;
    private final int streamBits;
    private final int stationaryBits;
    private final int accBits;
    private final int dataBits;
    private final int weightBits;

    RegisterTraffic(Mapping map, int weightBits, int dataBits, int accBits) {
        this.map = map;
        this.weightBits = weightBits;
        this.dataBits = dataBits;
        this.accBits = accBits;
        boolean ws = map.dataflow() == Dataflow.WS;
        this.streamBits = ws ? dataBits : weightBits;
        this.stationaryBits = ws ? weightBits : dataBits;
    }

    /** Bits written in cycles 0..t (all of a layer's writes when t is its last cycle). */
    long bitsThrough(long t) {
        long total = 0;
        for (int f = 0; f < map.folds() && map.preloadStart(f) <= t; f++) {
            total += t >= map.lastMac(f) ? wholeFold() : partialFold(f, t);
        }
        return total;
    }

    /** The bits one stream step writes into one PE. */
    private long perStep() {
        long lanes = map.lanes();
        if (map.dataflow() == Dataflow.OS) {
            return dataBits + lanes * (weightBits + (long) accBits);
        }
        return streamBits + lanes * (long) accBits;
    }

    private long wholeFold() {
        long r = map.rows();
        long c = map.cols();
        long steps = r * c * map.streamed() * perStep();
        if (map.dataflow() == Dataflow.OS) {
            return steps;
        }
        long stationary = map.lanes() * (long) stationaryBits;
        return steps + r * c * stationary + c * (r * (r + 1) / 2) * stationary;
    }

    private long partialFold(int f, long t) {
        int rows = map.rows();
        int cols = map.cols();
        long total = 0;
        long s = map.streamStart(f);
        long stationary = map.lanes() * (long) stationaryBits;
        for (int r = 0; r < rows; r++) {
            for (int c = 0; c < cols; c++) {
                long steps = Math.max(0, Math.min(map.streamed(), t - s - r - c + 1));
                total += steps * perStep();
                if (map.dataflow() != Dataflow.OS) {
                    total += s + r + c <= t ? stationary : 0; // the swap
                    long q = map.preloadStart(f) + (rows - 1 - r) + c; // row r's value enters column c
                    total += Math.max(0, Math.min(r + 1, t - q + 1)) * stationary; // r pipeline hops, one latch
                }
            }
        }
        return total;
    }
}
