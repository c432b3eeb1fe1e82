package dev.qasim.engine;

/**
 * Bits written into the array's registers, as the stepped model writes them, in closed form (the stepped
 * engine counts them one write at a time; the equivalence tests compare the two). Every PE of the array is
 * clocked, idle ones of a partial fold included (they pass zeros). Per stream step (a cycle on MAC PEs, a beat on
 * serial ones) a PE writes {@link RegisterInventory#bitsPerStep()}; in ws / is a stationary value for row r
 * passes r pipeline registers and is latched into row r's shadow register, and each fold swaps every PE's shadow
 * registers into the active ones once (each {@link RegisterInventory#stationaryBitsAllLanes()}).
 */
final class RegisterTraffic {
    private final Mapping map;
    private final RegisterInventory registers;

    RegisterTraffic(Mapping map, RegisterInventory registers) {
        this.map = map;
        this.registers = registers;
    }

    /** Bits written in steps 0..t (all of a layer's writes when t is its last step). */
    long bitsThrough(long t) {
        long total = 0;
        for (int f = 0; f < map.folds() && map.preloadStart(f) <= t; f++) {
            total += t >= map.lastMac(f) ? wholeFold() : partialFold(f, t);
        }
        return total;
    }

    private long wholeFold() {
        long r = map.rows();
        long c = map.cols();
        long stationary = registers.stationaryBitsAllLanes();
        return r * c * map.streamed() * registers.bitsPerStep() + r * c * stationary + c * (r * (r + 1) / 2) * stationary;
    }

    private long partialFold(int f, long t) {
        int rows = map.rows();
        int cols = map.cols();
        long total = 0;
        long s = map.streamStart(f);
        long stationary = registers.stationaryBitsAllLanes();
        for (int r = 0; r < rows; r++) {
            for (int c = 0; c < cols; c++) {
                long steps = Math.max(0, Math.min(map.streamed(), t - s - r - c + 1));
                total += steps * registers.bitsPerStep();
                if (stationary > 0) {
                    total += s + r + c <= t ? stationary : 0; // the swap
                    long q = map.preloadStart(f) + (rows - 1 - r) + c; // row r's value enters column c
                    total += Math.max(0, Math.min(r + 1, t - q + 1)) * stationary; // r pipeline hops, one latch
                }
            }
        }
        return total;
    }
}
