package io.pgmux.it.agent;

import java.lang.management.ManagementFactory;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.Properties;
import javax.management.ObjectName;

/**
 * An app that connects with many distinct connect keys (a property per key, as a tenant or rotating setting would),
 * uses and closes each, then watches pgmux's pools (the Agent MBean) and its own user's backends until both are 0.
 * It counts backends on a connection that pgmux passes through ({@code pgmux.exclude=*pgmux_counter*}).
 *
 * <p>Arguments: URL, user, password, number of keys, milliseconds to wait at most. Prints "in use: pools=P
 * backends=B", then "idle: pools=P backends=B after T ms".
 */
public final class ConnectKeysMain {
    private ConnectKeysMain() {
    }

    public static void main(String[] args) throws Exception {
        String url = args[0];
        int keys = Integer.parseInt(args[3]);
        long waitMs = Long.parseLong(args[4]);
        List<Connection> open = new ArrayList<>();
        for (int i = 0; i < keys; i++) {
            Properties info = credentials(args);
            info.setProperty("options", "-c work_mem=" + (4097 + i) + "kB");
            Connection c = DriverManager.getConnection(url, info);
            try (Statement s = c.createStatement(); ResultSet rs = s.executeQuery("SHOW work_mem")) {
                rs.next();
            }
            open.add(c);
        }
        try (Connection counter = DriverManager.getConnection(url + "?ApplicationName=pgmux_counter", credentials(args))) {
            System.out.println("in use: pools=" + pools() + " backends=" + backends(counter));
            for (Connection c : open) {
                c.close();
            }
            long start = System.nanoTime();
            int pools;
            int backends;
            do {
                Thread.sleep(100);
                pools = pools();
                backends = backends(counter);
            } while ((pools > 0 || backends > 0) && (System.nanoTime() - start) / 1_000_000 < waitMs);
            System.out.println("idle: pools=" + pools + " backends=" + backends + " after "
                    + (System.nanoTime() - start) / 1_000_000 + " ms");
        }
    }

    private static Properties credentials(String[] args) {
        Properties info = new Properties();
        info.setProperty("user", args[1]);
        info.setProperty("password", args[2]);
        return info;
    }

    private static int pools() throws Exception {
        return ((String[]) ManagementFactory.getPlatformMBeanServer()
                .getAttribute(new ObjectName("io.pgmux:type=Agent"), "Pools")).length;
    }

    /** This user's other client backends. */
    private static int backends(Connection counter) throws Exception {
        try (Statement s = counter.createStatement(); ResultSet rs = s.executeQuery("SELECT count(*) FROM pg_stat_activity"
                + " WHERE usename = current_user AND backend_type = 'client backend' AND pid <> pg_backend_pid()")) {
            rs.next();
            return rs.getInt(1);
        }
    }
}
