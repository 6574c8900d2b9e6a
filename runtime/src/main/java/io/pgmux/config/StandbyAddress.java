package io.pgmux.config;

import java.util.Objects;
import java.util.Optional;

/**
 * One entry of {@code pgmux.standby}: {@code host:port[/database]}. The database, where given, replaces the app's
 * database name on that server: a pooler's entry for its standby, such as {@code app_standby}.
 */
public final class StandbyAddress {
    private final HostAndPort hostAndPort;
    private final String database;

    public StandbyAddress(HostAndPort hostAndPort, String database) {
        this.hostAndPort = Objects.requireNonNull(hostAndPort, "hostAndPort");
        this.database = database;
    }

    static StandbyAddress parse(String text) {
        String value = text.trim();
        int slash = value.indexOf('/', value.lastIndexOf(']') + 1);
        String database = null;
        if (slash >= 0) {
            database = value.substring(slash + 1).trim();
            value = value.substring(0, slash);
            if (database.isEmpty() || database.indexOf('/') >= 0 || database.indexOf('?') >= 0) {
                throw new IllegalArgumentException("the database after '/' must be a plain name");
            }
        }
        return new StandbyAddress(HostAndPort.parse(value), database);
    }

    public HostAndPort hostAndPort() {
        return hostAndPort;
    }

    /** The database on the standby; empty where it is the app's own. */
    public Optional<String> database() {
        return Optional.ofNullable(database);
    }

    @Override
    public boolean equals(Object o) {
        if (!(o instanceof StandbyAddress)) {
            return false;
        }
        StandbyAddress other = (StandbyAddress) o;
        return hostAndPort.equals(other.hostAndPort) && Objects.equals(database, other.database);
    }

    @Override
    public int hashCode() {
        return Objects.hash(hostAndPort, database);
    }

    @Override
    public String toString() {
        return database == null ? hostAndPort.toString() : hostAndPort + "/" + database;
    }
}
