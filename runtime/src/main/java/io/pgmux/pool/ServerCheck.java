package io.pgmux.pool;

import com.zaxxer.hikari.pool.HikariPool;
import java.sql.Connection;
import java.sql.SQLException;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Executor;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * {@code isValid} of a logical connection that holds no server connection: takes a server connection of the pool
 * and checks it with the time the caller gave. It runs on a helper thread so that nothing inside HikariCP (its own
 * validation of an idle connection, opening a new one to a server that does not answer) keeps the caller past its
 * timeout; the server connection goes back when the check ends, however late.
 */
final class ServerCheck {
    private static final Executor CALLER_RUNS = Runnable::run;
    private static final ExecutorService CHECKS = Executors.newCachedThreadPool(task -> {
        Thread t = new Thread(task, "pgmux isValid");
        t.setDaemon(true);
        return t;
    });

    private ServerCheck() {
    }

    /** True where a server connection of {@code pool} answers within {@code timeoutMs}. */
    static boolean answers(HikariPool pool, long timeoutMs) {
        long deadline = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(timeoutMs);
        Future<Boolean> check = CHECKS.submit(() -> check(pool, deadline));
        try {
            return check.get(timeoutMs, TimeUnit.MILLISECONDS);
        } catch (TimeoutException | ExecutionException e) {
            return false;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
    }

    private static boolean check(HikariPool pool, long deadlineNanos) {
        Connection pooled = null;
        boolean broken = false;
        try {
            pooled = pool.getConnection(Math.max(1, millisUntil(deadlineNanos)));
            long remaining = millisUntil(deadlineNanos);
            if (remaining > 0) {
                // the driver's isValid(0) waits as long as the network timeout; the pool restores its own value
                broken = true;
                pooled.setNetworkTimeout(CALLER_RUNS, (int) Math.min(Integer.MAX_VALUE, remaining));
                broken = !pooled.isValid(0);
                return !broken;
            }
            return false;
        } catch (SQLException e) {
            return false;
        } finally {
            if (pooled != null) {
                if (broken) {
                    pool.evictConnection(pooled);
                }
                try {
                    pooled.close();
                } catch (SQLException e) {
                    // it is evicted or back in the pool either way
                }
            }
        }
    }

    private static long millisUntil(long deadlineNanos) {
        return TimeUnit.NANOSECONDS.toMillis(deadlineNanos - System.nanoTime());
    }
}
