package io.pgmux.it.agent;

import java.net.URL;
import java.net.URLClassLoader;
import java.nio.file.Paths;
import java.sql.Connection;
import java.sql.Driver;
import java.sql.ResultSet;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.Properties;

/**
 * An app whose PostgreSQL driver lives in a class loader of its own, as in a fat jar or a servlet container: it
 * loads pgjdbc from a jar path, opens CONNECTIONS connections through that driver, runs a query on each, keeps them
 * all open for a while, and prints the class of the connections it got.
 *
 * <p>Arguments: pgjdbc jar path, URL, user, password, number of connections, milliseconds to hold them.
 */
public final class IsolatedDriverMain {
    private IsolatedDriverMain() {
    }

    public static void main(String[] args) throws Exception {
        URL driverJar = Paths.get(args[0]).toUri().toURL();
        Properties info = new Properties();
        info.setProperty("user", args[2]);
        info.setProperty("password", args[3]);
        int count = Integer.parseInt(args[4]);
        try (URLClassLoader isolated = new URLClassLoader(new URL[] {driverJar}, ClassLoader.getPlatformClassLoader())) {
            Driver driver = (Driver) isolated.loadClass("org.postgresql.Driver").getDeclaredConstructor().newInstance();
            List<Connection> connections = new ArrayList<>();
            for (int i = 0; i < count; i++) {
                Connection connection = driver.connect(args[1], info);
                try (Statement statement = connection.createStatement();
                        ResultSet rows = statement.executeQuery("select 1")) {
                    rows.next();
                }
                connections.add(connection);
            }
            System.out.println("driver loader: " + driver.getClass().getClassLoader());
            System.out.println("connection class: " + connections.get(0).getClass().getName());
            Thread.sleep(Long.parseLong(args[5]));
            for (Connection connection : connections) {
                connection.close();
            }
        }
    }
}
