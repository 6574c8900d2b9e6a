package io.pgmux.it.agent;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.Statement;
import java.util.Properties;

/**
 * An app that connects three times: without an ApplicationName, with one in the connect properties, with one in the
 * URL; for each it prints what getClientInfo("ApplicationName") and pg_stat_activity say.
 *
 * <p>Arguments: URL without parameters, user, password.
 */
public final class ApplicationNameMain {
    private ApplicationNameMain() {
    }

    public static void main(String[] args) throws Exception {
        Properties credentials = new Properties();
        credentials.setProperty("user", args[1]);
        credentials.setProperty("password", args[2]);
        try (Connection c = DriverManager.getConnection(args[0], credentials)) {
            System.out.println("none: " + names(c));
        }
        Properties withName = new Properties();
        withName.putAll(credentials);
        withName.setProperty("ApplicationName", "orders-from-properties");
        try (Connection c = DriverManager.getConnection(args[0], withName)) {
            System.out.println("properties: " + names(c));
        }
        try (Connection c = DriverManager.getConnection(args[0] + "?ApplicationName=orders-from-url", credentials)) {
            System.out.println("url: " + names(c));
        }
    }

    private static String names(Connection c) throws Exception {
        try (Statement s = c.createStatement();
             ResultSet rs = s.executeQuery("SELECT application_name FROM pg_stat_activity WHERE pid = pg_backend_pid()")) {
            rs.next();
            return c.getClientInfo("ApplicationName") + " / " + rs.getString(1);
        }
    }
}
