package io.pgmux.stats;

import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import javax.management.InstanceAlreadyExistsException;
import javax.management.InstanceNotFoundException;
import javax.management.JMException;
import javax.management.MBeanServer;
import javax.management.MalformedObjectNameException;
import javax.management.ObjectName;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Registers pgmux MBeans on an MBean server (the platform one, which JConsole shows) and takes them away again.
 * Where a name is taken (two pgmux instances in one JVM, e.g. the agent and a {@code PgmuxDataSource}, or two
 * pools that differ only by password), the newcomer gets an {@code instance} key: {@code ...,instance=2}.
 */
final class JmxRegistration implements AutoCloseable {
    static final String DOMAIN = "io.pgmux";
    private static final Logger log = LoggerFactory.getLogger(JmxRegistration.class);
    private static final int MAX_INSTANCES = 1000;

    private final MBeanServer server;
    private final List<ObjectName> registered = new CopyOnWriteArrayList<>();

    JmxRegistration(MBeanServer server) {
        this.server = server;
    }

    ObjectName registerAgent(AgentMBean agent) throws JMException {
        return register(DOMAIN + ":type=Agent", DescribedMBean.of(agent, AgentMBean.class));
    }

    ObjectName registerPool(PoolStatistics stats) throws JMException {
        return register(DOMAIN + ":type=Pool,name=" + nameValue(stats.name()), DescribedMBean.of(new PoolManagement(stats), PoolMBean.class));
    }

    /** The value as an ObjectName allows it: quoted where it holds {@code : , = " * ?}, a backslash or a newline. */
    static String nameValue(String value) {
        for (int i = 0; i < value.length(); i++) {
            if (",=:\"*?\\\n".indexOf(value.charAt(i)) >= 0) {
                return ObjectName.quote(value);
            }
        }
        return value;
    }

    private ObjectName register(String base, Object mbean) throws JMException {
        for (int instance = 1; instance <= MAX_INSTANCES; instance++) {
            ObjectName name = objectName(instance == 1 ? base : base + ",instance=" + instance);
            try {
                server.registerMBean(mbean, name);
                registered.add(name);
                return name;
            } catch (InstanceAlreadyExistsException taken) {
                // another pgmux in this JVM has it: try the next instance number
            }
        }
        throw new InstanceAlreadyExistsException(base + " and " + MAX_INSTANCES + " instance numbers after it are taken: "
                + "more pgmux instances are open in this JVM than anyone can watch; close the data sources no longer used");
    }

    private static ObjectName objectName(String name) throws MalformedObjectNameException {
        return new ObjectName(name);
    }

    void unregister(ObjectName name) {
        registered.remove(name);
        try {
            server.unregisterMBean(name);
        } catch (InstanceNotFoundException gone) {
            // unregistered by someone else already: nothing to undo
        } catch (JMException e) {
            log.warn("pgmux: could not unregister MBean {}: {}", name, e.toString());
        }
    }

    @Override
    public void close() {
        for (ObjectName name : registered) {
            unregister(name);
        }
    }
}
