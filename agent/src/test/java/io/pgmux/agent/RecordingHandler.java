package io.pgmux.agent;

import io.pgmux.bootstrap.ConnectHandler;
import io.pgmux.bootstrap.PgmuxBridge;
import java.sql.Driver;
import java.sql.SQLException;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import org.example.jdbc.RecordingDriver;

/**
 * Stands in for the multiplexer: declines URLs containing "passthrough", fails URLs containing "badpassword" as the
 * server would, opens a server connection through the same driver for URLs containing "server", and otherwise answers
 * with a fake logical connection. Remembers the DriverManager connects that returned such a connection, by URL, user,
 * password and the caller's class loader, and answers their repeats with a "repeat" connection.
 */
final class RecordingHandler implements ConnectHandler {
    static final List<String> CALLS = new CopyOnWriteArrayList<>();
    static final List<String> SERVER_CONNECTIONS = new CopyOnWriteArrayList<>();
    static final Map<String, ClassLoader> REMEMBERED = new ConcurrentHashMap<>();
    /** The class loaders DriverManager connects were made for, as the advice reported them. */
    static final List<ClassLoader> SCOPES = new CopyOnWriteArrayList<>();

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

    @Override
    public Object knownConnect(String url, String user, String password, ClassLoader scope) {
        SCOPES.add(scope);
        return REMEMBERED.get(key(url, user, password)) == scope ? RecordingDriver.FakeConnection.named("repeat " + url)
                : null;
    }

    @Override
    public void connected(Object connection, String url, String user, String password, ClassLoader scope) {
        if (connection.toString().startsWith("logical")) {
            REMEMBERED.put(key(url, user, password), scope);
        }
    }

    @Override
    public Object knownConnect(String url, Properties info, ClassLoader scope) {
        SCOPES.add(scope);
        return REMEMBERED.get(key(url, info)) == scope ? RecordingDriver.FakeConnection.named("repeat " + url) : null;
    }

    @Override
    public void connected(Object connection, String url, Properties info, ClassLoader scope) {
        if (connection.toString().startsWith("logical")) {
            REMEMBERED.put(key(url, info), scope);
        }
    }

    private static String key(String url, Properties info) {
        Map<String, String> read = new java.util.TreeMap<>();
        for (String name : info.stringPropertyNames()) {
            read.put(name, info.getProperty(name));
        }
        return url + " " + read;
    }

    @Override
    public void driverDeregistered() {
        REMEMBERED.clear();
    }

    private static String key(String url, String user, String password) {
        return url + " " + user + " " + password;
    }
}
