package io.pgmux.testing;

import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;

/** A local hot standby of a {@link LocalNode}, streaming from it through a replication slot of its own. */
final class LocalStandby extends LocalNode implements Standby {

    private static final Duration REPLAY_TIMEOUT = Duration.ofSeconds(30);

    private final LocalNode primary;
    private final String slot;
    private volatile boolean standby = true;
    private volatile Duration applyDelay = Duration.ZERO;

    private LocalStandby(LocalNode primary, LocalPostgres postgres, Path runDirectory, int port, String slot) {
        super(primary.credentials, postgres, runDirectory, port);
        this.primary = primary;
        this.slot = slot;
    }

    /**
     * Copies the running primary, starts the copy on {@code port} and returns once it has replayed all the primary
     * wrote; on failure nothing is left behind, the slot on the primary included.
     */
    static LocalStandby start(LocalBinaries binaries, ServiceUser serviceUser, LocalNode primary, int port) {
        Path runDirectory = AbandonedRuns.newRunDirectory();
        // unique per copy: a slot left by an earlier standby of this primary is never taken for this one's
        String slot = "standby_" + runDirectory.getFileName().toString().replaceAll("[^0-9]", "");
        LocalStandby standby = new LocalStandby(primary, new LocalPostgres(binaries, serviceUser, runDirectory),
                runDirectory, port, slot);
        try {
            standby.postgres.basebackup(primary.host(), primary.port(), primary.credentials, slot, port);
            standby.postgres.start();
            if (!standby.isInRecovery()) {
                throw new IllegalStateException("the copy started as a primary, not in recovery");
            }
            standby.awaitReplayed();
            return standby;
        } catch (RuntimeException e) {
            standby.destroyAndDropSlot();
            throw new IllegalStateException("Could not start a standby of " + primary + " in " + runDirectory + ": "
                    + e.getMessage(), e);
        }
    }

    @Override
    public String replayLsn() {
        return queryAsSuperuser("SELECT pg_last_wal_replay_lsn()::text");
    }

    @Override
    public void awaitReplayed() {
        requireStandby("wait for replay");
        String target = flushedPrimaryLsn();
        long deadline = System.nanoTime() + REPLAY_TIMEOUT.plus(applyDelay).toNanos();
        try (Connection connection = superuserConnection();
             PreparedStatement replayed = connection.prepareStatement(
                     "SELECT pg_last_wal_replay_lsn() >= ?::pg_lsn, pg_last_wal_replay_lsn()::text")) {
            replayed.setString(1, target);
            while (true) {
                try (ResultSet rows = replayed.executeQuery()) {
                    rows.next();
                    if (rows.getBoolean(1)) {
                        return;
                    }
                    if (System.nanoTime() > deadline) {
                        throw new IllegalStateException("The standby on port " + port() + " replayed up to "
                                + rows.getString(2) + ", not the primary's " + target + ", within "
                                + REPLAY_TIMEOUT.plus(applyDelay).toMillis() + " ms. Is the primary (port " + primary.port()
                                + ") running? Last lines of " + postgres.log() + ":\n" + ServiceUser.tail(postgres.log()));
                    }
                }
                Thread.sleep(10);
            }
        } catch (SQLException e) {
            throw new IllegalStateException("Waiting for the standby on port " + port() + " to replay " + target
                    + " failed: " + e.getMessage(), e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("Interrupted while waiting for the standby to replay " + target, e);
        }
    }

    /**
     * A position in the primary's WAL after everything it has written so far, flushed. The test servers commit
     * asynchronously, so a commit just made may not be on disk yet, nor sent: a transaction of our own writes a
     * logical message (a WAL record that changes nothing) and commits with synchronous_commit = local, which
     * flushes all WAL before it. Its end is the target; local, not on, so that a synchronous primary does not wait
     * for a stopped standby. A transaction without a WAL record of its own would commit asynchronously all the same.
     */
    private String flushedPrimaryLsn() {
        try (Connection connection = primary.superuserConnection(); Statement statement = connection.createStatement()) {
            statement.execute("SET synchronous_commit = local");
            connection.setAutoCommit(false);
            String end;
            try (ResultSet rows = statement.executeQuery("SELECT pg_logical_emit_message(true, 'pgmux-harness', '')::text")) {
                rows.next();
                end = rows.getString(1);
            }
            connection.commit();
            return end;
        } catch (SQLException e) {
            throw new IllegalStateException("Could not read the WAL position of the primary on port " + primary.port()
                    + ": " + e.getMessage(), e);
        }
    }

    @Override
    public void setApplyDelay(Duration delay) {
        requireStandby("set an apply delay");
        if (delay.isNegative()) {
            throw new IllegalArgumentException("An apply delay cannot be negative: " + delay);
        }
        String value = delay.toMillis() + "ms";
        try (Connection connection = superuserConnection(); Statement statement = connection.createStatement()) {
            statement.execute("ALTER SYSTEM SET recovery_min_apply_delay = '" + value + "'");
            statement.execute("SELECT pg_reload_conf()");
            // the startup process gets the same SIGHUP as this backend; once the backend has the new value, so has it
            awaitSetting(statement, "recovery_min_apply_delay", value);
        } catch (SQLException e) {
            throw new IllegalStateException("Could not set the apply delay of the standby on port " + port() + ": "
                    + e.getMessage(), e);
        }
        applyDelay = delay;
    }

    private static void awaitSetting(Statement statement, String name, String expected) throws SQLException {
        long deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
        String current;
        while (true) {
            try (ResultSet rows = statement.executeQuery("SELECT setting || coalesce(unit, '') FROM pg_settings WHERE name = '"
                    + name + "'")) {
                rows.next();
                current = rows.getString(1);
            }
            if (current.equals(expected) || System.nanoTime() > deadline) {
                break;
            }
            sleep(20);
        }
        if (!current.equals(expected)) {
            throw new IllegalStateException(name + " is still " + current + " 10 s after the reload, not " + expected);
        }
    }

    Duration applyDelay() {
        return applyDelay;
    }

    @Override
    public void promote() {
        requireStandby("promote");
        String promoted = queryAsSuperuser("SELECT pg_promote(true, 60)::text");
        if (!Boolean.parseBoolean(promoted) || isInRecovery()) {
            throw new IllegalStateException("The standby on port " + port() + " did not finish its promotion within 60 s."
                    + " Last lines of " + postgres.log() + ":\n" + ServiceUser.tail(postgres.log()));
        }
        standby = false;
        applyDelay = Duration.ZERO;
    }

    @Override
    public boolean isStandby() {
        return standby;
    }

    private void requireStandby(String action) {
        if (!standby) {
            throw new IllegalStateException("Cannot " + action + ": the server on port " + port()
                    + " was promoted and is no longer a standby");
        }
    }

    /**
     * Stops this server, deletes its files and drops its slot on the primary, where the slot would otherwise keep
     * WAL for ever. The primary may be down (a test stopped or killed it): then the slot stays, with the primary.
     */
    void destroyAndDropSlot() {
        destroy();
        if (!primary.isRunning()) {
            return;
        }
        long deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
        while (true) {
            try {
                // the walsender of a stopped standby may hold the slot a moment longer
                primary.execAsSuperuser("postgres", java.util.List.of("SELECT pg_drop_replication_slot(slot_name)"
                        + " FROM pg_replication_slots WHERE slot_name = '" + slot + "'"));
                return;
            } catch (IllegalStateException e) {
                if (System.nanoTime() > deadline) {
                    System.err.println("pgmux test harness: could not drop replication slot " + slot + " on " + primary
                            + ": " + e.getMessage());
                    return;
                }
                sleep(50);
            }
        }
    }

    private static void sleep(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("Interrupted while waiting for the standby", e);
        }
    }
}
