package io.pgmux.session;

import java.util.Objects;

/**
 * One change to a tracked run-time parameter, as the app made it: a value set, one parameter reset,
 * or every parameter reset. The value keeps the app's SQL text so it can be applied again exactly.
 */
public final class TrackedSetting {

    public enum Kind {
        /** {@code SET name = value}, {@code SET TIME ZONE ...}, {@code SET SCHEMA ...}, {@code set_config(name, value, false)}. */
        SET,
        /** {@code RESET name}, {@code SET name TO DEFAULT}, {@code SET TIME ZONE LOCAL}. */
        RESET,
        /** {@code RESET ALL}: every parameter back to its session default, including untracked ones. */
        RESET_ALL
    }

    /** How the value was written, which decides how it can be written again. */
    enum Syntax {
        /** {@code SET name TO value}: the value is SET's comma-separated list. */
        SET_TO,
        /** {@code SET TIME ZONE value}: the value may be {@code INTERVAL '...' HOUR TO MINUTE}. */
        SET_TIME_ZONE,
        /** {@code set_config('name', 'value', ...)}: the value is one string literal; for list parameters
         * such as search_path it is not the same as {@code SET name TO 'value'}. */
        SET_CONFIG,
        NONE
    }

    private static final TrackedSetting RESET_ALL_SETTING = new TrackedSetting(Kind.RESET_ALL, "", null, Syntax.NONE);

    private final Kind kind;
    private final String name;
    private final String value;
    private final Syntax syntax;

    private TrackedSetting(Kind kind, String name, String value, Syntax syntax) {
        this.kind = kind;
        this.name = name;
        this.value = value;
        this.syntax = syntax;
    }

    static TrackedSetting set(String name, String valueSql, Syntax syntax) {
        return new TrackedSetting(Kind.SET, name, valueSql, syntax);
    }

    static TrackedSetting reset(String name) {
        return new TrackedSetting(Kind.RESET, name, null, Syntax.NONE);
    }

    static TrackedSetting resetAll() {
        return RESET_ALL_SETTING;
    }

    public Kind kind() {
        return kind;
    }

    /** The parameter name, lower-cased ({@code timezone} for {@code SET TIME ZONE}); empty for {@link Kind#RESET_ALL}. */
    public String name() {
        return name;
    }

    /**
     * The value as SQL text, exactly as the app wrote its tokens (list items joined by {@code ", "}),
     * for example {@code "$user", public}, {@code '5s'}, {@code 5000}; null unless {@link Kind#SET}.
     */
    public String value() {
        return value;
    }

    /**
     * SQL that makes this change again on a server connection: session-level, or transaction-local
     * ({@code SET LOCAL}, {@code set_config(..., true)}) where {@code local} is true, as needed through a
     * transaction-mode pooler. {@link Kind#RESET_ALL} has no transaction-local form: the logical
     * connection should forget its recorded values instead.
     *
     * @throws IllegalStateException for {@link Kind#RESET_ALL} with {@code local} true
     */
    public String applySql(boolean local) {
        switch (kind) {
            case RESET_ALL:
                if (local) {
                    throw new IllegalStateException("RESET ALL has no transaction-local form; "
                            + "forget the recorded parameter values instead of applying it");
                }
                return "RESET ALL";
            case RESET:
                return local ? "SET LOCAL " + identifier(name) + " TO DEFAULT" : "RESET " + identifier(name);
            default:
                switch (syntax) {
                    case SET_CONFIG:
                        return "SELECT pg_catalog.set_config(" + literal(name) + ", " + value + ", " + local + ")";
                    case SET_TIME_ZONE:
                        return (local ? "SET LOCAL" : "SET") + " TIME ZONE " + value;
                    default:
                        return (local ? "SET LOCAL " : "SET ") + identifier(name) + " TO " + value;
                }
        }
    }

    private static String identifier(String dottedName) {
        StringBuilder sql = new StringBuilder(dottedName.length() + 4);
        int from = 0;
        while (true) {
            int dot = dottedName.indexOf('.', from);
            String part = dottedName.substring(from, dot < 0 ? dottedName.length() : dot);
            if (part.matches("[a-z_][a-z0-9_$]*")) {
                sql.append(part);
            } else {
                sql.append('"').append(part.replace("\"", "\"\"")).append('"');
            }
            if (dot < 0) {
                return sql.toString();
            }
            sql.append('.');
            from = dot + 1;
        }
    }

    private static String literal(String text) {
        return "'" + text.replace("'", "''") + "'";
    }

    @Override
    public boolean equals(Object other) {
        if (this == other) {
            return true;
        }
        if (!(other instanceof TrackedSetting)) {
            return false;
        }
        TrackedSetting that = (TrackedSetting) other;
        return kind == that.kind && name.equals(that.name) && Objects.equals(value, that.value) && syntax == that.syntax;
    }

    @Override
    public int hashCode() {
        return Objects.hash(kind, name, value, syntax);
    }

    @Override
    public String toString() {
        switch (kind) {
            case RESET_ALL:
                return "RESET ALL";
            case RESET:
                return "RESET " + name;
            default:
                return name + " = " + value;
        }
    }
}
