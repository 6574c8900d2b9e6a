package io.pgmux.agent;

import io.pgmux.bootstrap.ConnectHandler;
import io.pgmux.bootstrap.PgmuxBridge;
import java.sql.Driver;
import java.sql.SQLException;
import java.util.List;
import java.util.Properties;
import java.util.concurrent.CopyOnWriteArrayList;
import org.example.jdbc.RecordingDriver;

/**
 * Stands in for the multiplexer: declines URLs containing "passthrough", fails URLs containing "badpassword" as the
 * server would, opens a server connection through the same driver for URLs containing "server", and otherwise answers
 * with a fake logical connection.
 */
final class RecordingHandler implements ConnectHandler {
    static final List<String> CALLS = new CopyOnWriteArrayList<>();
    static final List<String> SERVER_CONNECTIONS = new CopyOnWriteArrayList<>();

    /** Called only once the bridge is on the bootstrap class path. */
    static void install() {
        PgmuxBridge.install(new RecordingHandler());
    }

    @Override
    public Object connect(Object driver, String url, Properties info) throws SQLException {
        CALLS.add(url);
        if (url.contains("passthrough")) {
            return null;
        }
        if (url.contains("badpassword")) {
            throw new SQLException("password authentication failed for user \"app\"", "28P01");
        }
        if (url.contains("server")) {
            SERVER_CONNECTIONS.add(String.valueOf(((Driver) driver).connect(url, info)));
        }
        return RecordingDriver.FakeConnection.named("logical " + url);
    }
}
