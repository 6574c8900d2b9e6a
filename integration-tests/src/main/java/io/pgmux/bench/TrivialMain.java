package io.pgmux.bench;

/** A main that does nothing: the child whose start-up time is measured with and without the agent. */
public final class TrivialMain {

    private TrivialMain() {
    }

    public static void main(String[] args) {
        // nothing: the measured time is JVM start, agent premain and exit
    }
}
