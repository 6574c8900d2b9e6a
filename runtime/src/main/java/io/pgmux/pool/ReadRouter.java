package io.pgmux.pool;

import io.pgmux.session.SessionState;
import java.sql.SQLException;

/**
 * Sends read-only work of one primary pool's logical connections to its standbys (SPEC section 10) and keeps
 * reads after writes consistent across the JVM.
 */
public interface ReadRouter {

    /**
     * A server connection of a healthy standby that has replayed every write this JVM committed, for a read-only
     * transaction or statement; null where the primary must serve it (no such standby in time), which is counted.
     */
    ServerConnection borrowRead(SessionState wanted, ServerHolder holder) throws SQLException;

    /**
     * A transaction that may have written committed on {@code primary}, still held: later reads must see it. Never
     * throws; where the primary's position cannot be read, reads go to the primary until a later commit's can.
     */
    void committed(ServerConnection primary);

    /**
     * {@code server}, a standby's, failed with {@code e}: true where that means the standby is lost (it takes no reads
     * until its next good check), so that a read that had not started yet may run again on the primary.
     */
    boolean lost(ServerConnection server, SQLException e);

    /** The primary pool closed: stop watching, and let the standby pools go. */
    void close();
}
