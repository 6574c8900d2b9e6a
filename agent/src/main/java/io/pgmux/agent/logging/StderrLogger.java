package io.pgmux.agent.logging;

import org.slf4j.Marker;
import org.slf4j.event.Level;
import org.slf4j.helpers.LegacyAbstractLogger;
import org.slf4j.helpers.MessageFormatter;

/** An SLF4J logger of the agent that writes through {@link StderrLogging}. */
final class StderrLogger extends LegacyAbstractLogger {
    private static final long serialVersionUID = 1L;

    /** Libraries bundled in the agent (HikariCP) tell their routine at info; the app's log shows it only at debug. */
    private final boolean library;

    StderrLogger(String name) {
        this.name = name;
        this.library = !name.startsWith("io.pgmux.") || name.startsWith("io.pgmux.shaded.");
    }

    @Override
    public boolean isTraceEnabled() {
        return StderrLogging.enabled(Level.TRACE);
    }

    @Override
    public boolean isDebugEnabled() {
        return StderrLogging.enabled(Level.DEBUG);
    }

    @Override
    public boolean isInfoEnabled() {
        return StderrLogging.enabled(library ? Level.DEBUG : Level.INFO);
    }

    @Override
    public boolean isWarnEnabled() {
        return StderrLogging.enabled(Level.WARN);
    }

    @Override
    public boolean isErrorEnabled() {
        return StderrLogging.enabled(Level.ERROR);
    }

    @Override
    protected String getFullyQualifiedCallerName() {
        return null;
    }

    @Override
    protected void handleNormalizedLoggingCall(Level level, Marker marker, String pattern, Object[] arguments,
            Throwable throwable) {
        StderrLogging.write(level, MessageFormatter.basicArrayFormat(pattern, arguments), throwable);
    }
}
