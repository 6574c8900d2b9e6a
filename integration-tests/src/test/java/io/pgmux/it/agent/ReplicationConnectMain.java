package io.pgmux.it.agent;

import java.lang.management.ManagementFactory;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.Statement;
import java.util.Properties;
import javax.management.MBeanServer;
import javax.management.ObjectName;

/**
 * An app that opens replication connections as CDC tools (Debezium) do: one with {@code replication=database} in the
 * URL, one with {@code replication=true} in the connect properties. It runs IDENTIFY_SYSTEM on each and prints the
 * answers, then the agent's PassedThroughConnects where the agent runs.
 *
 * <p>Arguments: URL without parameters, user, password.
 */
public final class ReplicationConnectMain {
    private ReplicationConnectMain() {
    }

    public static void main(String[] args) throws Exception {
        String url = args[0];
        Properties credentials = new Properties();
        credentials.setProperty("user", args[1]);
        credentials.setProperty("password", args[2]);
        try (Connection logical = DriverManager.getConnection(
                url + "?replication=database&assumeMinServerVersion=9.4&preferQueryMode=simple", credentials)) {
            System.out.println("logical: " + identifySystem(logical));
        }
        Properties physical = new Properties();
        physical.putAll(credentials);
        physical.setProperty("replication", "true");
        physical.setProperty("assumeMinServerVersion", "9.4");
        physical.setProperty("preferQueryMode", "simple");
        try (Connection connection = DriverManager.getConnection(url, physical)) {
            System.out.println("physical: " + identifySystem(connection));
        }
        MBeanServer mbeans = ManagementFactory.getPlatformMBeanServer();
        ObjectName agent = new ObjectName("io.pgmux:type=Agent");
        if (mbeans.isRegistered(agent)) {
            System.out.println("passed through: " + mbeans.getAttribute(agent, "PassedThroughConnects"));
            System.out.println("intercepted: " + mbeans.getAttribute(agent, "InterceptedConnects"));
        }
    }

    private static String identifySystem(Connection c) throws Exception {
        try (Statement s = c.createStatement(); ResultSet rs = s.executeQuery("IDENTIFY_SYSTEM")) {
            rs.next();
            return rs.getString("systemid") + "/" + rs.getString("timeline");
        }
    }
}
