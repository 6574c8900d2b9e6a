package io.pgmux.session;

import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The tracked run-time parameters a session has set away from their defaults, by name, in the order they
 * were set: what a logical connection wants, or what a server connection has. Mutable and not
 * thread-safe: each instance belongs to one connection.
 */
public final class TrackedParameters {
    private final LinkedHashMap<String, TrackedSetting> values = new LinkedHashMap<>(4);

    /** Records one change: a value set replaces the earlier one, a reset forgets it. */
    public void change(TrackedSetting setting) {
        switch (setting.kind()) {
            case RESET_ALL:
                values.clear();
                break;
            case RESET:
                values.remove(setting.name());
                break;
            default:
                // latest last: re-applying in this order gives the same result as the app's own sequence
                values.remove(setting.name());
                values.put(setting.name(), setting);
        }
    }

    public void changeAll(Collection<TrackedSetting> settings) {
        for (TrackedSetting setting : settings) {
            change(setting);
        }
    }

    /** {@code SET name TO 'text'}: how the JDBC setters (setSchema, ApplicationName) are carried. */
    public void setText(String name, String text) {
        if (text == null) {
            values.remove(name);
        } else {
            change(TrackedSetting.set(name, "'" + text.replace("'", "''") + "'", TrackedSetting.Syntax.SET_TO));
        }
    }

    public boolean isEmpty() {
        return values.isEmpty();
    }

    public boolean has(String name) {
        return values.containsKey(name);
    }

    /** The recorded value's SQL text, or null where the parameter is at its default. */
    public String valueSql(String name) {
        TrackedSetting setting = values.get(name);
        return setting == null ? null : setting.value();
    }

    public void copyFrom(TrackedParameters other) {
        values.clear();
        values.putAll(other.values);
    }

    /**
     * Session-level SQL that brings a server connection whose parameters are {@code current} to these:
     * a RESET for each one set there and not here, a SET for each one that differs. Empty where they agree.
     */
    public List<String> sessionSqlFrom(TrackedParameters current) {
        List<String> sql = null;
        for (TrackedSetting had : current.values.values()) {
            if (!values.containsKey(had.name())) {
                sql = add(sql, TrackedSetting.reset(had.name()).applySql(false));
            }
        }
        for (Map.Entry<String, TrackedSetting> e : values.entrySet()) {
            if (!e.getValue().equals(current.values.get(e.getKey()))) {
                sql = add(sql, e.getValue().applySql(false));
            }
        }
        return sql == null ? List.of() : sql;
    }

    /** Transaction-local SQL ({@code SET LOCAL}, {@code set_config(..., true)}) applying every value, in order. */
    public List<String> localSql() {
        List<String> sql = new ArrayList<>(values.size());
        for (TrackedSetting setting : values.values()) {
            sql.add(setting.applySql(true));
        }
        return sql;
    }

    private static List<String> add(List<String> sql, String statement) {
        List<String> list = sql == null ? new ArrayList<>(4) : sql;
        list.add(statement);
        return list;
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof TrackedParameters && values.equals(((TrackedParameters) o).values);
    }

    @Override
    public int hashCode() {
        return values.hashCode();
    }

    @Override
    public String toString() {
        return values.values().toString();
    }
}
