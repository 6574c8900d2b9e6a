package io.pgmux.stats;

import java.util.Arrays;
import java.util.List;
import java.util.Objects;

/**
 * A logical connection that holds a server connection, as seen at one moment: for {@code holders()} and
 * leak warnings.
 */
public final class HolderInfo {
    /** Frames of pgmux, the JDK and the usual pools and frameworks around JDBC: not where the app opened it. */
    private static final String[] PLUMBING = {
        "io.pgmux.", "java.", "javax.", "jdk.", "sun.", "com.sun.", "com.zaxxer.hikari.", "org.postgresql.",
        "org.apache.commons.dbcp2.", "com.mchange.", "org.springframework.jdbc.", "org.hibernate."
    };

    private final long id;
    private final long heldMillis;
    private final String state;
    private final String threadName;
    private final List<StackTraceElement> openedAt;

    /**
     * @param id         the logical connection's id, unique within its pool
     * @param heldMillis how long it has held its server connection so far
     * @param state      why it holds it, for people: e.g. "in transaction", "autocommit statement", "pinned"
     * @param threadName the thread that borrowed the server connection
     * @param openedAt   where the app opened the logical connection; empty where leak detection is off
     */
    public HolderInfo(long id, long heldMillis, String state, String threadName, StackTraceElement[] openedAt) {
        this.id = id;
        this.heldMillis = heldMillis;
        this.state = Objects.requireNonNull(state, "state");
        this.threadName = threadName == null ? "" : threadName;
        this.openedAt = openedAt == null ? List.of() : List.of(openedAt);
    }

    public long id() { return id; }
    public long heldMillis() { return heldMillis; }
    public String state() { return state; }
    public String threadName() { return threadName; }
    /** Empty where {@code pgmux.leakThresholdMs} is 0, since capturing a stack costs on every open. */
    public List<StackTraceElement> openedAt() { return openedAt; }

    /** The first frame of the app's own code in {@link #openedAt()}, or null where none was captured. */
    StackTraceElement appFrame() {
        for (StackTraceElement frame : openedAt) {
            if (!isPlumbing(frame.getClassName())) {
                return frame;
            }
        }
        return openedAt.isEmpty() ? null : openedAt.get(openedAt.size() - 1);
    }

    private static boolean isPlumbing(String className) {
        for (String prefix : PLUMBING) {
            if (className.startsWith(prefix)) {
                return true;
            }
        }
        return false;
    }

    /** One line for {@code holders()}: id, age, state, thread and, where known, the app frame that opened it. */
    String describe() {
        StackTraceElement frame = appFrame();
        return "#" + id + " held " + heldMillis + " ms, " + state + ", thread " + threadName
                + (frame == null ? "" : ", opened at " + frame);
    }

    @Override
    public String toString() {
        return describe() + (openedAt.isEmpty() ? "" : " " + Arrays.toString(openedAt.toArray()));
    }
}
