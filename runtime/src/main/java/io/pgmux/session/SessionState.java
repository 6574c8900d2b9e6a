package io.pgmux.session;

import java.util.Objects;

/**
 * The session characteristics that JDBC setters change: wanted by a logical connection, or in force on a
 * server connection. Mutable and not thread-safe: each instance belongs to one connection.
 */
public final class SessionState {
    public boolean autoCommit = true;
    public int isolation;
    public boolean readOnly;
    public String schema;
    public String catalog;
    public int holdability;
    public int networkTimeoutMillis;
    public String applicationName;
    /** Tracked run-time parameters away from their defaults, including what setSchema and ApplicationName set. */
    public final TrackedParameters tracked = new TrackedParameters();

    public SessionState copy() {
        SessionState s = new SessionState();
        s.copyFrom(this);
        return s;
    }

    public void copyFrom(SessionState other) {
        autoCommit = other.autoCommit;
        isolation = other.isolation;
        readOnly = other.readOnly;
        schema = other.schema;
        catalog = other.catalog;
        holdability = other.holdability;
        networkTimeoutMillis = other.networkTimeoutMillis;
        applicationName = other.applicationName;
        tracked.copyFrom(other.tracked);
    }

    /** Everything the server remembers for a session (as opposed to the driver's client-side flags). */
    public void copyServerSideFrom(SessionState other) {
        isolation = other.isolation;
        schema = other.schema;
        applicationName = other.applicationName;
        tracked.copyFrom(other.tracked);
    }

    static boolean same(String a, String b) {
        return Objects.equals(a, b);
    }
}
