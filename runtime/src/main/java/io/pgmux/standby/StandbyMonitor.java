package io.pgmux.standby;

import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One daemon thread that checks every router's standbys about once a second. Its own thread, not the stats thread:
 * a standby that does not answer may hold it for the check's timeout.
 */
final class StandbyMonitor {
    private static final Logger log = LoggerFactory.getLogger(StandbyMonitor.class);
    static final long PERIOD_MS = 1000;

    private static final Set<StandbyRouter> ROUTERS = ConcurrentHashMap.newKeySet();

    private StandbyMonitor() {
    }

    /** Created on first use: a JVM without standbys never starts the thread. */
    private static final class Holder {
        static final ScheduledExecutorService EXECUTOR = start();

        private static ScheduledExecutorService start() {
            ScheduledExecutorService executor = Executors.newSingleThreadScheduledExecutor(r -> {
                Thread t = new Thread(r, "pgmux-standby-monitor");
                t.setDaemon(true);
                return t;
            });
            executor.scheduleWithFixedDelay(StandbyMonitor::checkAll, PERIOD_MS, PERIOD_MS, TimeUnit.MILLISECONDS);
            return executor;
        }
    }

    static void watch(StandbyRouter router) {
        ROUTERS.add(router);
        // the first check now, so that reads need not wait a period for their standby
        Holder.EXECUTOR.execute(() -> check(router));
    }

    private static void checkAll() {
        for (StandbyRouter router : ROUTERS) {
            check(router);
        }
    }

    private static void check(StandbyRouter router) {
        try {
            if (router.closed()) {
                if (ROUTERS.remove(router)) {
                    router.release();
                }
                return;
            }
            router.check();
        } catch (RuntimeException | Error e) {
            log.warn("pgmux: checking standbys failed; trying again in {} ms", PERIOD_MS, e);
        }
    }
}
