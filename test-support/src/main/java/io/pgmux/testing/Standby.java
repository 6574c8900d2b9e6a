package io.pgmux.testing;

import java.time.Duration;

/**
 * A streaming hot standby: a physical copy of its primary made with pg_basebackup, replaying the primary's WAL as it
 * comes. The test database, users and passwords are the primary's. Writes fail with SQLState 25006.
 */
public interface Standby extends PostgresNode {

    /** {@code pg_last_wal_replay_lsn()} as text, for example "0/3000148". */
    String replayLsn();

    /**
     * Waits until this standby has replayed everything the primary has written so far (its WAL is flushed first,
     * so asynchronous commits count too). Takes at least the apply delay when one is set; fails with an
     * {@link IllegalStateException} after 30 s plus that delay.
     */
    void awaitReplayed();

    /**
     * Sets {@code recovery_min_apply_delay}: commits become visible here only that long after the primary made them.
     * {@link Duration#ZERO} turns it off. In effect when this returns.
     */
    void setApplyDelay(Duration delay);

    /**
     * Makes this server a primary ({@code pg_promote()}) and returns once it accepts writes. It no longer follows
     * the old primary; {@link #isStandby()} is false from then on.
     */
    void promote();

    /** True until {@link #promote()}. */
    boolean isStandby();
}
