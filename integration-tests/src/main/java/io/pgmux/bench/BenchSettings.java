package io.pgmux.bench;

import java.util.List;

/** How big a benchmark run is: the full run of SPEC section 9 or the quick subset. */
record BenchSettings(boolean quick, List<Scenario> scenarios, List<Integer> threadCounts, List<String> modes,
                     int repeats, double warmupSeconds, double runSeconds, int poolSize, int poolReserve, int scale,
                     int startupRepeats, int idleConnections) {

    static final int POOL_SIZE = 10;
    static final int POOL_RESERVE = 5;
    static final int POOL_MIN_IDLE = 2;

    static BenchSettings full(List<Scenario> scenarios) {
        return new BenchSettings(false, scenarios, List.of(16, 64, 256), List.of("read", "write"), 3, 3, 6,
                POOL_SIZE, POOL_RESERVE, 10, 15, 10_000);
    }

    static BenchSettings quick(List<Scenario> scenarios) {
        return new BenchSettings(true, scenarios, List.of(64), List.of("read", "write"), 3, 1.5, 3,
                POOL_SIZE, POOL_RESERVE, 10, 7, 10_000);
    }
}
