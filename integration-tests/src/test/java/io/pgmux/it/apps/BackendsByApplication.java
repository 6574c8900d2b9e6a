package io.pgmux.it.apps;

import io.pgmux.testing.TestDatabase;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Counts, about every 20 ms, the backends PostgreSQL has for the test database per {@code application_name}, and
 * keeps the most seen at once for each: each app instance names its server connections with
 * {@code pgmux.applicationName}.
 */
final class BackendsByApplication implements AutoCloseable {
    private static final String COUNT = "SELECT application_name, count(*) FROM pg_stat_activity"
            + " WHERE datname = ? AND backend_type = 'client backend' AND pid <> pg_backend_pid()"
            + " GROUP BY application_name";

    private final TestDatabase db;
    private final Set<String> counted;
    private final Map<String, Integer> peaks = new ConcurrentHashMap<>();
    private final Thread thread;
    private volatile boolean running = true;
    private volatile int samples;
    private volatile int peakTotal;
    private volatile SQLException lastFailure;

    /** Samples every backend of the test database; {@link #peakTotal()} adds up those of the {@code counted} names. */
    BackendsByApplication(TestDatabase db, Set<String> counted) {
        this.db = db;
        this.counted = Set.copyOf(counted);
        this.thread = new Thread(this::run, "pgmux-backends-by-application");
        thread.setDaemon(true);
        thread.start();
    }

    private void run() {
        while (running) {
            try (Connection c = db.superuserConnection(); PreparedStatement count = c.prepareStatement(COUNT)) {
                count.setString(1, db.database());
                while (running) {
                    int total = 0;
                    try (ResultSet r = count.executeQuery()) {
                        while (r.next()) {
                            String name = String.valueOf(r.getString(1));
                            peaks.merge(name, r.getInt(2), Math::max);
                            if (counted.contains(name)) {
                                total += r.getInt(2);
                            }
                        }
                    }
                    peakTotal = Math.max(peakTotal, total);
                    samples++;
                    Thread.sleep(20);
                }
            } catch (SQLException e) {
                lastFailure = e;
            } catch (InterruptedException e) {
                return;
            }
        }
    }

    /** The most backends seen at once with that application_name, 0 where none was seen. */
    int peak(String applicationName) {
        if (samples == 0) {
            throw new IllegalStateException("no backend sample succeeded"
                    + (lastFailure == null ? "" : ": " + lastFailure.getMessage()), lastFailure);
        }
        return peaks.getOrDefault(applicationName, 0);
    }

    /** The most backends of the counted application names seen at once. */
    int peakTotal() {
        peak("");
        return peakTotal;
    }

    Map<String, Integer> peaks() {
        return Map.copyOf(peaks);
    }

    @Override
    public void close() throws InterruptedException {
        running = false;
        thread.interrupt();
        thread.join(10_000);
    }
}
