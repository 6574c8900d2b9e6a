package io.pgmux.bench;

/** One measured combination: a scenario at a thread count in a mode. Each cell is run several times. */
record Cell(Scenario scenario, int threads, String mode) {

    String label() {
        return scenario.label() + ' ' + mode + ' ' + threads + 't';
    }
}
