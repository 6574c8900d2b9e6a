package io.pgmux.config;

import java.util.List;

/** One or more settings are wrong; the message lists each with its key, its value and what is allowed. */
public final class ConfigException extends Exception {
    private static final long serialVersionUID = 1L;
    private final List<String> problems;

    ConfigException(List<String> problems) {
        super("pgmux configuration is invalid:\n  - " + String.join("\n  - ", problems));
        this.problems = List.copyOf(problems);
    }

    public List<String> problems() {
        return problems;
    }
}
