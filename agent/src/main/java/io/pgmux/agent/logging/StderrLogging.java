package io.pgmux.agent.logging;

import java.io.PrintStream;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.util.Locale;
import org.slf4j.event.Level;

/**
 * The agent's own log output: {@code [pgmux] LEVEL message} lines on stderr, at the level of {@code pgmux.log.level}.
 * Kept apart from the app's logging so that neither configures the other.
 */
public final class StderrLogging {
    private static volatile Level threshold = Level.INFO;

    private StderrLogging() {
    }

    /** @param level one of error, warn, info, debug, trace (as validated by the configuration) */
    public static void setLevel(String level) {
        threshold = Level.valueOf(level.trim().toUpperCase(Locale.ROOT));
    }

    static boolean enabled(Level level) {
        return level.toInt() >= threshold.toInt();
    }

    /**
     * For the agent's start-up: logs without initializing SLF4J, whose provider lookup scans the whole class path
     * of the app. SLF4J starts when the runtime first logs, at the first connect.
     */
    public static void log(Level level, String message, Throwable error) {
        if (enabled(level)) {
            write(level, message, error);
        }
    }

    /** Writes one line, and the stack trace where there is one, in a single write so lines of threads do not mix. */
    public static void write(Level level, String message, Throwable error) {
        StringWriter text = new StringWriter();
        text.append("[pgmux] ").append(level.name()).append(' ').append(message).append(System.lineSeparator());
        if (error != null) {
            error.printStackTrace(new PrintWriter(text));
        }
        PrintStream err = System.err;
        err.print(text);
        err.flush();
    }
}
