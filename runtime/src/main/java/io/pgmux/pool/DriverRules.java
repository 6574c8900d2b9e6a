package io.pgmux.pool;

import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;

/**
 * What the app's driver refuses on its own, without the server, where that depends on its version: learnt
 * once per driver class from a connection pgmux opens anyway, so that logical statements refuse the same
 * at the same call.
 */
public final class DriverRules {
    private static final ClassValue<DriverRules> RULES = new ClassValue<>() {
        @Override
        protected DriverRules computeValue(Class<?> driverConnectionClass) {
            return new DriverRules();
        }
    };

    /** The driver's refusal of several statements in one {@code Statement.addBatch(sql)} (42.7.13 on), or null. */
    private volatile SQLException multiStatementBatch;
    private volatile boolean learnt;

    private DriverRules() {
    }

    /** The rules of the driver whose connections are of this class (empty until learnt). */
    public static DriverRules of(Class<?> driverConnectionClass) {
        return RULES.get(driverConnectionClass);
    }

    /** Learns the rules of {@code raw}'s driver, once per driver class; sends nothing to the server. */
    static void learn(Connection raw) {
        DriverRules rules = RULES.get(raw.getClass());
        if (rules.learnt) {
            return;
        }
        try (Statement st = raw.createStatement()) {
            try {
                st.addBatch("SELECT 1; SELECT 2");
                st.clearBatch();
            } catch (SQLException e) {
                rules.multiStatementBatch = e;
            }
            rules.learnt = true;
        } catch (SQLException e) {
            // no statement to learn with: logical statements leave the refusal to execute, as before
        }
    }

    /** The driver's refusal of a multi-statement {@code addBatch}, as a new exception; null where it takes them. */
    public SQLException multiStatementBatchRefusal() {
        SQLException e = multiStatementBatch;
        return e == null ? null : new SQLException(e.getMessage(), e.getSQLState());
    }
}
