package io.pgmux.stats;

import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** One daemon thread for the periodic work of every pool in the JVM: stats periods and leak checks. */
final class StatsScheduler {
    private static final Logger log = LoggerFactory.getLogger(StatsScheduler.class);

    private StatsScheduler() {
    }

    /** Created on first use, so that a JVM that never opens a pool never starts the thread. */
    private static final class Holder {
        static final ScheduledExecutorService EXECUTOR = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread t = new Thread(r, "pgmux-stats");
            t.setDaemon(true);
            return t;
        });
    }

    /** Runs {@code task} every {@code periodMs}; a failure is logged and the next run happens as planned. */
    static ScheduledFuture<?> every(long periodMs, String what, Runnable task) {
        Runnable guarded = () -> {
            try {
                task.run();
            } catch (RuntimeException | Error e) {
                // a periodic task that throws is never run again: keep it alive
                log.warn("pgmux: {} failed; trying again in {} ms", what, periodMs, e);
            }
        };
        return Holder.EXECUTOR.scheduleAtFixedRate(guarded, periodMs, periodMs, TimeUnit.MILLISECONDS);
    }
}
