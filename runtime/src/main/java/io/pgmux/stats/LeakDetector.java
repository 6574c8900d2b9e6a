package io.pgmux.stats;

import java.util.HashMap;
import java.util.Iterator;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Warns once about each logical connection that holds a server connection longer than {@code pgmux.leakThresholdMs},
 * with where the app opened it, and says so when it gives the server connection back. Runs on the stats thread,
 * looking at {@link ManagedPool#holders()}: nothing on the borrow path.
 */
final class LeakDetector {
    /** Where the lines go; SLF4J unless a test listens. */
    interface Sink {
        void leaked(String message, Throwable openedAt);

        void released(String message);
    }

    static final Sink LOG = new Sink() {
        private final Logger log = LoggerFactory.getLogger(LeakDetector.class);

        @Override
        public void leaked(String message, Throwable openedAt) {
            log.warn(message, openedAt);
        }

        @Override
        public void released(String message) {
            log.info(message);
        }
    };

    private final long thresholdMs;
    private final Sink sink;
    /** Per pool: the reported holders by id, with how long they had held when last seen. */
    private final Map<PoolStatistics, Map<Long, Long>> reported = new ConcurrentHashMap<>();

    LeakDetector(long thresholdMs, Sink sink) {
        if (thresholdMs <= 0) {
            throw new IllegalArgumentException("leak threshold must be above 0 ms, was " + thresholdMs);
        }
        this.thresholdMs = thresholdMs;
        this.sink = sink;
    }

    /** How often to look: often enough to warn within about half the threshold, at most once a second. */
    long checkIntervalMs() {
        return Math.max(10, Math.min(1000, thresholdMs / 2));
    }

    /** Looks at the pool's holders once; called by one thread at a time. */
    void check(PoolStatistics stats) {
        Map<Long, Long> known = reported.computeIfAbsent(stats, s -> new HashMap<>());
        Map<Long, HolderInfo> now = new HashMap<>();
        for (HolderInfo h : stats.pool().holders()) {
            now.put(h.id(), h);
        }
        for (Iterator<Map.Entry<Long, Long>> it = known.entrySet().iterator(); it.hasNext(); ) {
            Map.Entry<Long, Long> e = it.next();
            HolderInfo current = now.get(e.getKey());
            // gone, or holding again with a younger borrow: the reported one came back
            if (current == null || current.heldMillis() < e.getValue()) {
                sink.released(Secrets.mask("pgmux pool " + stats.name() + ": logical connection #" + e.getKey()
                        + " released the server connection reported as a possible leak, after more than " + e.getValue() + " ms"));
                it.remove();
            } else {
                e.setValue(current.heldMillis());
            }
        }
        for (HolderInfo h : now.values()) {
            if (h.heldMillis() >= thresholdMs && !known.containsKey(h.id())) {
                known.put(h.id(), h.heldMillis());
                sink.leaked(warning(stats, h), openedAt(h));
            }
        }
    }

    private String warning(PoolStatistics stats, HolderInfo h) {
        return Secrets.mask("pgmux pool " + stats.name() + ": logical connection #" + h.id() + " has held a server connection for "
                + h.heldMillis() + " ms (" + h.state() + ", thread " + h.threadName() + "), longer than pgmux.leakThresholdMs="
                + thresholdMs + ". A leak? Close connections, commit or roll back, and read or close result sets. "
                + (h.openedAt().isEmpty() ? "Where it was opened is not known." : "It was opened at:"));
    }

    private static Throwable openedAt(HolderInfo h) {
        if (h.openedAt().isEmpty()) {
            return null;
        }
        OpenedHere here = new OpenedHere("logical connection #" + h.id() + " was opened here");
        here.setStackTrace(h.openedAt().toArray(new StackTraceElement[0]));
        return here;
    }

    /** Forgets a closed pool. */
    void forget(PoolStatistics stats) {
        reported.remove(stats);
    }

    /** Carries the stack of where the app opened a logical connection into the warning. */
    static final class OpenedHere extends Exception {
        private static final long serialVersionUID = 1L;

        OpenedHere(String message) {
            super(message, null, false, true);
        }
    }
}
