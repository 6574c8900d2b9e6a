package io.pgmux.it.agent;

import java.io.Reader;
import java.io.StringReader;
import java.io.StringWriter;
import java.io.Writer;
import java.net.URL;
import java.net.URLClassLoader;
import java.nio.file.Paths;
import java.sql.Connection;
import java.sql.Driver;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.Properties;
import javax.sql.PooledConnection;
import org.postgresql.PGConnection;
import org.postgresql.PGStatement;
import org.postgresql.copy.CopyManager;
import org.postgresql.ds.PGConnectionPoolDataSource;

/**
 * An app that uses the driver's own types as apps do, with casts: connections from DriverManager, handles from
 * pgjdbc's PGConnectionPoolDataSource, and connections of a driver loaded in a class loader of its own (where the
 * app reaches the driver's interfaces by reflection, as code inside that loader would by casting). It prints what
 * it saw, one fact a line, and fails on the first cast or call that does not work.
 *
 * <p>Arguments: {@code classpath} (the driver on the class path: DriverManager and PGConnectionPoolDataSource),
 * {@code isolated} (the driver only in a class loader of its own) or {@code both} (a copy of the driver on the
 * class path and another in a class loader of its own, same URL and user), URL, user, password, pgjdbc jar path.
 */
public final class DriverTypesMain {
    private DriverTypesMain() {
    }

    public static void main(String[] args) throws Exception {
        String url = args[1];
        String user = args[2];
        String password = args[3];
        if (args[0].equals("isolated")) {
            isolatedDriver(Paths.get(args[4]).toUri().toURL(), url, user, password);
        } else if (args[0].equals("both")) {
            driverManager(url, user, password);
            isolatedDriver(Paths.get(args[4]).toUri().toURL(), url, user, password);
        } else {
            driverManager(url, user, password);
            poolDataSource(url, user, password);
        }
    }

    private static void driverManager(String url, String user, String password) throws Exception {
        try (Connection c = DriverManager.getConnection(url, user, password)) {
            System.out.println("connection class: " + c.getClass().getName());
            System.out.println("instanceof PGConnection: " + (c instanceof PGConnection));
            PGConnection pg = (PGConnection) c;
            execute(c, "CREATE TEMP TABLE copied (v int)");
            CopyManager copy = pg.getCopyAPI();
            long rows = copy.copyIn("COPY copied FROM STDIN", new StringReader("1\n2\n3\n"));
            StringWriter out = new StringWriter();
            copy.copyOut("COPY (SELECT v FROM copied ORDER BY v) TO STDOUT", out);
            System.out.println("copy in: " + rows + ", copy out: " + out.toString().trim().replace('\n', ','));
            System.out.println("escapeIdentifier: " + pg.escapeIdentifier("a\"b"));
            try (PreparedStatement ps = c.prepareStatement("SELECT 1")) {
                ((PGStatement) ps).setPrepareThreshold(1);
                System.out.println("statement prepareThreshold: " + ((PGStatement) ps).getPrepareThreshold());
            }
        }
    }

    private static void poolDataSource(String url, String user, String password) throws Exception {
        PGConnectionPoolDataSource source = new PGConnectionPoolDataSource();
        source.setURL(url);
        source.setUser(user);
        source.setPassword(password);
        PooledConnection pooled = source.getPooledConnection();
        try (Connection handle = pooled.getConnection()) {
            System.out.println("pooled physical: " + handle.unwrap(Connection.class).getClass().getName());
            PGConnection pg = (PGConnection) handle;
            System.out.println("pooled backend pid positive: " + (pg.getBackendPID() > 0));
            System.out.println("pooled escapeLiteral: " + pg.escapeLiteral("it's"));
            try (Statement st = handle.createStatement(); ResultSet rs = st.executeQuery("SELECT 41 + 1")) {
                rs.next();
                System.out.println("pooled query: " + rs.getInt(1));
                System.out.println("pooled statement prepareThreshold: " + ((PGStatement) st).getPrepareThreshold());
            }
            execute(handle, "CREATE TEMP TABLE pooled_copied (v int)");
            System.out.println("pooled copy in: "
                    + pg.getCopyAPI().copyIn("COPY pooled_copied FROM STDIN", new StringReader("7\n8\n")));
        } finally {
            pooled.close();
        }
    }

    private static void isolatedDriver(URL driverJar, String url, String user, String password) throws Exception {
        Properties info = new Properties();
        info.setProperty("user", user);
        info.setProperty("password", password);
        try (URLClassLoader isolated = new URLClassLoader(new URL[] {driverJar}, ClassLoader.getPlatformClassLoader())) {
            Driver driver = (Driver) isolated.loadClass("org.postgresql.Driver").getDeclaredConstructor().newInstance();
            Class<?> pgConnection = isolated.loadClass("org.postgresql.PGConnection");
            try (Connection c = driver.connect(url, info)) {
                System.out.println("isolated connection class: " + c.getClass().getName());
                System.out.println("isolated instanceof PGConnection: " + pgConnection.isInstance(c));
                execute(c, "CREATE TEMP TABLE isolated_copied (v int)");
                Object copy = pgConnection.getMethod("getCopyAPI").invoke(c);
                Object rows = copy.getClass().getMethod("copyIn", String.class, Reader.class)
                        .invoke(copy, "COPY isolated_copied FROM STDIN", new StringReader("4\n5\n"));
                Writer out = new StringWriter();
                copy.getClass().getMethod("copyOut", String.class, Writer.class)
                        .invoke(copy, "COPY (SELECT sum(v) FROM isolated_copied) TO STDOUT", out);
                System.out.println("isolated copy in: " + rows + ", sum: " + out.toString().trim());
                Class<?> pgStatement = isolated.loadClass("org.postgresql.PGStatement");
                try (Statement st = c.createStatement()) {
                    System.out.println("isolated instanceof PGStatement: " + pgStatement.isInstance(st));
                }
            }
        }
    }

    private static void execute(Connection c, String sql) throws SQLException {
        try (Statement st = c.createStatement()) {
            st.execute(sql);
        }
    }
}
