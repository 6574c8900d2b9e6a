package io.pgmux.it.agent;

import java.lang.management.ManagementFactory;
import java.lang.reflect.InvocationTargetException;
import java.net.URL;
import java.net.URLClassLoader;
import java.nio.file.Paths;
import java.sql.Connection;
import java.sql.Driver;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.Properties;
import javax.management.ObjectName;
import org.postgresql.ds.PGSimpleDataSource;

/**
 * An app that connects per request through DriverManager and through PGSimpleDataSource, changes the data source's
 * settings between connects, connects from a class whose class loader cannot see the driver, and deregisters the
 * driver. After each step it prints one line: what the step got (the application_name of the session, or the
 * SQLState and message of the failure) and, with the agent, how many of its connects the agent served as repeats
 * (the Agent MBean's RepeatConnects; "-" without the agent).
 *
 * <p>Arguments: URL, user, password, directory of the test classes (for the isolated caller), user and password of a
 * role with REPLICATION.
 */
public final class RepeatConnectsMain {
    private static final int TIMES = 5;

    private RepeatConnectsMain() {
    }

    public static void main(String[] args) throws Exception {
        String url = args[0];
        String user = args[1];
        String password = args[2];

        report("drivermanager", () -> {
            String last = null;
            for (int i = 0; i < TIMES; i++) {
                last = use(DriverManager.getConnection(url, user, password));
            }
            return last;
        });
        Properties info = new Properties();
        info.setProperty("user", user);
        info.setProperty("password", password);
        report("drivermanager properties", () -> {
            String last = null;
            for (int i = 0; i < TIMES; i++) {
                last = use(DriverManager.getConnection(url, info));
            }
            return last;
        });
        info.setProperty("ApplicationName", "changed_properties");
        report("drivermanager changed properties", () -> use(DriverManager.getConnection(url, info)));
        // the same connect, with the password in the defaults of the Properties: read as the driver reads it
        Properties defaults = new Properties();
        defaults.setProperty("password", "wrong");
        Properties withDefaults = new Properties(defaults);
        withDefaults.setProperty("user", user);
        withDefaults.setProperty("ApplicationName", "changed_properties");
        report("drivermanager password in defaults", () -> use(DriverManager.getConnection(url, withDefaults)));
        report("drivermanager wrong password", () -> use(DriverManager.getConnection(url, user, password + "x")));

        PGSimpleDataSource dataSource = new PGSimpleDataSource();
        dataSource.setUrl(url);
        dataSource.setUser(user);
        dataSource.setPassword(password);
        report("datasource", () -> {
            String last = null;
            for (int i = 0; i < TIMES; i++) {
                last = use(dataSource.getConnection());
            }
            return last;
        });
        dataSource.setPassword(password + "x");
        report("datasource changed password", () -> use(dataSource.getConnection()));
        dataSource.setPassword(password);
        // another database in the URL the data source builds
        dataSource.setDatabaseName("template1");
        report("datasource changed database", () -> use(dataSource.getConnection()));
        dataSource.setApplicationName("changed_property");
        report("datasource changed property", () -> use(dataSource.getConnection()));
        report("datasource changed property again", () -> use(dataSource.getConnection()));
        report("datasource user argument wrong password", () -> use(dataSource.getConnection(user, password + "x")));

        // a replication session (args 4 and 5: a role with REPLICATION) is the driver's own, at every connect
        Properties replication = new Properties();
        replication.setProperty("user", args[4]);
        replication.setProperty("password", args[5]);
        replication.setProperty("replication", "database");
        replication.setProperty("assumeMinServerVersion", "9.4");
        replication.setProperty("preferQueryMode", "simple");
        for (int i = 0; i < 2; i++) {
            report("replication " + i, () -> identifySystem(DriverManager.getConnection(url, replication)));
        }
        String replicationUrl = url + (url.contains("?") ? "&" : "?")
                + "replication=database&assumeMinServerVersion=9.4&preferQueryMode=simple";
        for (int i = 0; i < 2; i++) {
            report("replication url " + i,
                    () -> identifySystem(DriverManager.getConnection(replicationUrl, args[4], args[5])));
        }

        URL testClasses = Paths.get(args[3]).toUri().toURL();
        try (URLClassLoader isolated = new URLClassLoader(new URL[] {testClasses}, ClassLoader.getPlatformClassLoader())) {
            Class<?> caller = isolated.loadClass(IsolatedCaller.class.getName());
            report("isolated caller", () -> {
                try {
                    return use((Connection) caller.getMethod("connect", String.class, String.class, String.class)
                            .invoke(null, url, user, password));
                } catch (InvocationTargetException e) {
                    throw (SQLException) e.getCause();
                }
            });
        }

        Driver driver = DriverManager.getDriver(url);
        DriverManager.deregisterDriver(driver);
        report("deregistered", () -> use(DriverManager.getConnection(url, user, password)));
    }

    /** Runs a query on the connection, closes it, and returns the session's application_name. */
    private static String use(Connection connection) throws SQLException {
        try (connection; Statement statement = connection.createStatement();
                ResultSet rows = statement.executeQuery("select current_setting('application_name')")) {
            rows.next();
            return rows.getString(1);
        }
    }

    /** The connection's class and whether IDENTIFY_SYSTEM, which only a replication session knows, answers. */
    private static String identifySystem(Connection connection) throws SQLException {
        try (connection; Statement statement = connection.createStatement();
                ResultSet rows = statement.executeQuery("IDENTIFY_SYSTEM")) {
            return connection.getClass().getName() + " identified " + rows.next();
        }
    }

    private static void report(String step, Step action) throws Exception {
        String outcome;
        try {
            outcome = "ok " + action.run();
        } catch (SQLException e) {
            outcome = "failed " + e.getSQLState() + " " + e.getMessage();
        }
        System.out.println(step + ": " + outcome.replace('\n', ' ') + " | repeats=" + repeats());
    }

    private static String repeats() throws Exception {
        ObjectName agent = new ObjectName("io.pgmux:type=Agent");
        if (!ManagementFactory.getPlatformMBeanServer().isRegistered(agent)) {
            return "-";
        }
        return String.valueOf(ManagementFactory.getPlatformMBeanServer().getAttribute(agent, "RepeatConnects"));
    }

    private interface Step {
        String run() throws Exception;
    }
}
