package io.pgmux.demo;

import com.sun.tools.attach.VirtualMachine;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import javax.management.MBeanServerConnection;
import javax.management.ObjectName;
import javax.management.remote.JMXConnector;
import javax.management.remote.JMXConnectorFactory;
import javax.management.remote.JMXServiceURL;

/**
 * Reads the agent's pool MBeans (SPEC section 7) of a running app over JMX, attaching to it by process id:
 * how many app (logical) connections it has open and how many server connections its pools hold. Reads on a
 * thread of its own, since attaching to a JVM under load can take seconds.
 */
final class PoolProbe implements AutoCloseable {

    private static final long INTERVAL_MILLIS = 500;

    /** Figures summed over the app's pools; -1 where they could not be read. */
    record Counts(int clientsOpen, int serversTotal) {
        static final Counts UNKNOWN = new Counts(-1, -1);
    }

    /** One pool MBean's standby figures (SPEC section 10). */
    record PoolFigures(String name, String role, boolean healthy, long lagMillis, int serversTotal,
                       long readsRoutedToStandby, long readsFellBackToPrimary, long transactions, long failovers) {
    }

    private final long pid;
    private volatile List<PoolFigures> pools = List.of();
    private final Thread thread;
    private volatile boolean running = true;
    private volatile Counts latest = Counts.UNKNOWN;
    private volatile int peakClientsOpen = -1;
    private JMXConnector connector;
    private volatile String lastFailure = "not attached yet";

    PoolProbe(long pid) {
        this.pid = pid;
        this.thread = new Thread(this::run, "pgmux-demo-pool-probe-" + pid);
        thread.setDaemon(true);
        thread.start();
    }

    private void run() {
        while (running) {
            Counts counts = read();
            latest = counts;
            peakClientsOpen = Math.max(peakClientsOpen, counts.clientsOpen());
            try {
                Thread.sleep(INTERVAL_MILLIS);
            } catch (InterruptedException e) {
                break;
            }
        }
        closeConnector();
    }

    /** The figures of the last read. */
    Counts latest() {
        return latest;
    }

    /** Each pool's figures at the last successful read; empty before the first. */
    List<PoolFigures> pools() {
        return pools;
    }

    /** Most app connections seen open at once; -1 where never read. */
    int peakClientsOpen() {
        return peakClientsOpen;
    }

    private Counts read() {
        try {
            if (connector == null) {
                VirtualMachine vm = VirtualMachine.attach(Long.toString(pid));
                try {
                    connector = JMXConnectorFactory.connect(new JMXServiceURL(vm.startLocalManagementAgent()));
                } finally {
                    vm.detach();
                }
            }
            MBeanServerConnection server = connector.getMBeanServerConnection();
            Set<ObjectName> pools = server.queryNames(new ObjectName("io.pgmux:type=Pool,*"), null);
            if (pools.isEmpty()) {
                lastFailure = "the app has no io.pgmux:type=Pool MBean";
                return Counts.UNKNOWN;
            }
            int clients = 0;
            int servers = 0;
            List<PoolFigures> figures = new ArrayList<>();
            for (ObjectName pool : pools) {
                clients += ((Number) server.getAttribute(pool, "ClientsOpen")).intValue();
                int total = ((Number) server.getAttribute(pool, "ServersTotal")).intValue();
                servers += total;
                figures.add(new PoolFigures(pool.getKeyProperty("name"), (String) server.getAttribute(pool, "Role"),
                        (Boolean) server.getAttribute(pool, "Healthy"),
                        ((Number) server.getAttribute(pool, "ReplicationLagMillis")).longValue(), total,
                        ((Number) server.getAttribute(pool, "ReadsRoutedToStandby")).longValue(),
                        ((Number) server.getAttribute(pool, "ReadsFellBackToPrimary")).longValue(),
                        ((Number) server.getAttribute(pool, "TotalTransactions")).longValue(),
                        ((Number) server.getAttribute(pool, "Failovers")).longValue()));
            }
            this.pools = List.copyOf(figures);
            return new Counts(clients, servers);
        } catch (Exception e) {
            // the app may be starting or ending: report unknown for this tick and try again at the next
            if (ProcessHandle.of(pid).map(ProcessHandle::isAlive).orElse(false)) {
                // failures after the app ended say nothing about its MBeans
                lastFailure = e.getClass().getSimpleName() + ": " + e.getMessage();
            }
            closeConnector();
            return Counts.UNKNOWN;
        }
    }

    String lastFailure() {
        return lastFailure;
    }

    @Override
    public void close() {
        running = false;
        thread.interrupt();
    }

    private void closeConnector() {
        if (connector != null) {
            try {
                connector.close();
            } catch (IOException ignored) {
                // the app is gone; nothing left to release
            }
            connector = null;
        }
    }
}
