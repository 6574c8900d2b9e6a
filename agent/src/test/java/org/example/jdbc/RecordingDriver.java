package org.example.jdbc;

import java.lang.reflect.Proxy;
import java.sql.Connection;
import java.sql.Driver;
import java.sql.DriverPropertyInfo;
import java.util.Properties;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.logging.Logger;

/** A driver for {@code jdbc:recording:} URLs that counts its own connects and hands out named fake connections. */
public class RecordingDriver implements Driver {
    public static final AtomicInteger REAL_CONNECTS = new AtomicInteger();

    @Override
    public Connection connect(String url, Properties info) {
        if (!acceptsURL(url)) {
            return null;
        }
        REAL_CONNECTS.incrementAndGet();
        return FakeConnection.named("real " + url);
    }

    @Override
    public boolean acceptsURL(String url) {
        return url.startsWith("jdbc:recording:");
    }

    @Override
    public DriverPropertyInfo[] getPropertyInfo(String url, Properties info) {
        return new DriverPropertyInfo[0];
    }

    @Override
    public int getMajorVersion() {
        return 1;
    }

    @Override
    public int getMinorVersion() {
        return 0;
    }

    @Override
    public boolean jdbcCompliant() {
        return false;
    }

    @Override
    public Logger getParentLogger() {
        return Logger.getGlobal();
    }

    /** Connections whose toString() says what they are; nothing else is needed by these tests. */
    public static final class FakeConnection {
        private FakeConnection() {
        }

        public static Connection named(String name) {
            return (Connection) Proxy.newProxyInstance(FakeConnection.class.getClassLoader(),
                    new Class<?>[] {Connection.class}, (proxy, method, args) -> {
                        if (method.getName().equals("toString")) {
                            return name;
                        }
                        throw new UnsupportedOperationException(method.getName());
                    });
        }
    }
}
