package io.pgmux.demo;

import io.pgmux.testing.ReplicatedPair;
import io.pgmux.testing.TestDatabase;
import java.sql.Connection;
import java.sql.SQLException;
import java.util.Optional;

/** The primary of a replicated pair of the test harness, with the test database's users; the pair closes itself. */
final class PairDatabase implements DemoDatabase {

    private final ReplicatedPair pair;
    private final TestDatabase users;

    PairDatabase(ReplicatedPair pair, TestDatabase users) {
        this.pair = pair;
        this.users = users;
    }

    @Override
    public String describe() {
        return "a primary on port " + pair.primary().port() + " and a synchronous standby on port " + pair.standby().port();
    }

    @Override
    public String jdbcUrl() {
        return pair.primary().jdbcUrl();
    }

    @Override
    public String user() {
        return users.user();
    }

    @Override
    public String password() {
        return users.password();
    }

    @Override
    public String database() {
        return users.database();
    }

    @Override
    public Connection superuserConnection() throws SQLException {
        return pair.primary().superuserConnection();
    }

    @Override
    public Optional<PgBouncer> pgbouncer() {
        return Optional.empty();
    }

    @Override
    public void close() {
        // the pair is closed by whoever made it
    }
}
