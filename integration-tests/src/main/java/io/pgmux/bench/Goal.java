package io.pgmux.bench;

/** One of the benchmark's goals with what was measured against it. */
record Goal(String name, String target, String measured, Status status) {

    enum Status { PASS, MISS, NOT_MEASURED }

    static Goal check(String name, String target, String measured, boolean met) {
        return new Goal(name, target, measured, met ? Status.PASS : Status.MISS);
    }

    static Goal notMeasured(String name, String target, String why) {
        return new Goal(name, target, why, Status.NOT_MEASURED);
    }
}
