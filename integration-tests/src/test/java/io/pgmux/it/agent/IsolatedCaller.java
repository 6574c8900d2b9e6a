package io.pgmux.it.agent;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;

/** Calls DriverManager from a class that a test loads where the driver is not visible. */
public final class IsolatedCaller {
    private IsolatedCaller() {
    }

    public static Connection connect(String url, String user, String password) throws SQLException {
        return DriverManager.getConnection(url, user, password);
    }
}
