package io.pgmux.bench;

import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.lang.management.ManagementFactory;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import javax.management.MBeanServer;
import javax.management.ObjectName;

/**
 * Child JVM main: opens N connections through DriverManager and leaves them idle, then prints one JSON line with
 * the heap they take (used heap after full collections, minus the same figure after the first connection) and
 * waits for a line on stdin before closing them, so that the parent can count PostgreSQL's backends meanwhile. The
 * line also gives what pgmux's pool MBeans say of them: logical connections open, and server connections held.
 *
 * <p>Arguments: URL USER PASSWORD COUNT.
 */
public final class IdleConnectionsProbe {

    private IdleConnectionsProbe() {
    }

    public static void main(String[] args) throws Exception {
        if (args.length != 4) {
            System.err.println("usage: IdleConnectionsProbe URL USER PASSWORD COUNT");
            System.exit(2);
        }
        String url = args[0];
        String user = args[1];
        String password = args[2];
        int count = Integer.parseInt(args[3]);
        List<Connection> connections = new ArrayList<>(count);
        // the first connection creates the pool and loads every class: not part of what idle connections cost
        Connection first = DriverManager.getConnection(url, user, password);
        try (Statement statement = first.createStatement()) {
            statement.execute("SELECT 1");
        }
        connections.add(first);
        long baseline = usedHeapAfterCollection();
        try {
            for (int i = 0; i < count; i++) {
                connections.add(DriverManager.getConnection(url, user, password));
            }
        } catch (SQLException e) {
            System.err.println("opening idle connection " + (connections.size()) + " of " + count + " failed: "
                    + e.getMessage() + " (SQLState " + e.getSQLState() + ")");
            System.exit(1);
        }
        long used = usedHeapAfterCollection();
        System.out.printf(Locale.ROOT, "{\"connections\":%d,\"baseline_bytes\":%d,\"used_bytes\":%d,\"added_bytes\":%d,"
                        + "\"clients_open\":%d,\"servers_active\":%d}%n",
                count, baseline, used, used - baseline, poolSum("ClientsOpen"), poolSum("ServersActive"));
        System.out.flush();
        new BufferedReader(new InputStreamReader(System.in, StandardCharsets.UTF_8)).readLine();
        for (Connection connection : connections) {
            connection.close();
        }
    }

    /** An attribute of pgmux's pool MBeans, summed over the pools; -1 where there are none. */
    private static long poolSum(String attribute) throws Exception {
        MBeanServer server = ManagementFactory.getPlatformMBeanServer();
        Set<ObjectName> pools = server.queryNames(new ObjectName("io.pgmux:type=Pool,*"), null);
        if (pools.isEmpty()) {
            return -1;
        }
        long sum = 0;
        for (ObjectName pool : pools) {
            sum += ((Number) server.getAttribute(pool, attribute)).longValue();
        }
        return sum;
    }

    private static long usedHeapAfterCollection() throws InterruptedException {
        for (int i = 0; i < 3; i++) {
            System.gc();
            Thread.sleep(100);
        }
        return ManagementFactory.getMemoryMXBean().getHeapMemoryUsage().getUsed();
    }
}
