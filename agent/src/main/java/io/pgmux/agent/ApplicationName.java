package io.pgmux.agent;

import java.util.Optional;

/** The default {@code pgmux.applicationName}: the app's main class or jar, as the JVM was started. */
final class ApplicationName {
    /** PostgreSQL keeps the first 63 bytes of application_name. */
    private static final int MAX_LENGTH = 63;

    private ApplicationName() {
    }

    /**
     * @param javaCommand the value of {@code sun.java.command}: the main class or jar path, then the app's arguments
     * @return the jar's file name ({@code orders.jar}) or the main class's name, empty where the command is unknown
     */
    static Optional<String> fromJavaCommand(String javaCommand) {
        if (javaCommand == null || javaCommand.trim().isEmpty()) {
            return Optional.empty();
        }
        String first = javaCommand.trim().split("\\s+", 2)[0];
        int slash = Math.max(first.lastIndexOf('/'), first.lastIndexOf('\\'));
        String name = first.substring(slash + 1);
        if (name.isEmpty()) {
            return Optional.empty();
        }
        return Optional.of(name.length() > MAX_LENGTH ? name.substring(0, MAX_LENGTH) : name);
    }
}
