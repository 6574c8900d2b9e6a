package org.example.jdbc;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;

/** Calls DriverManager from its own class, so that a test can load it in another class loader. */
public final class DriverManagerCaller {
    private DriverManagerCaller() {
    }

    public static Connection connect(String url, String user, String password) throws SQLException {
        return DriverManager.getConnection(url, user, password);
    }
}
