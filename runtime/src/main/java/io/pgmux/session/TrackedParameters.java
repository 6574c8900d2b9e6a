package io.pgmux.session;

import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * The tracked run-time parameters a session has set away from their defaults, by name, in the order they
 * were set: what a logical connection wants, or what a server connection has. Mutable and not
 * thread-safe: each instance belongs to one connection.
 */
public final class TrackedParameters {
    /** Null while empty: most connections never set a tracked parameter, and one is opened per request. */
    private LinkedHashMap<String, TrackedSetting> values;

    /** Records one change: a value set replaces the earlier one, a reset forgets it. */
    public void change(TrackedSetting setting) {
        switch (setting.kind()) {
            case RESET_ALL:
                values = null;
                break;
            case RESET:
                remove(setting.name());
                break;
            default:
                // latest last: re-applying in this order gives the same result as the app's own sequence
                remove(setting.name());
                if (values == null) {
                    values = new LinkedHashMap<>(4);
                }
                values.put(setting.name(), setting);
        }
    }

    private void remove(String name) {
        if (values != null) {
            values.remove(name);
            if (values.isEmpty()) {
                values = null;
            }
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
            remove(name);
        } else {
            change(TrackedSetting.set(name, "'" + text.replace("'", "''") + "'", TrackedSetting.Syntax.SET_TO));
        }
    }

    public boolean isEmpty() {
        return values == null;
    }

    public boolean has(String name) {
        return values != null && values.containsKey(name);
    }

    /** The recorded value's SQL text, or null where the parameter is at its default. */
    public String valueSql(String name) {
        TrackedSetting setting = values == null ? null : values.get(name);
        return setting == null ? null : setting.value();
    }

    public void copyFrom(TrackedParameters other) {
        if (other == this) {
            return;
        }
        if (other.values == null) {
            values = null;
        } else if (values == null) {
            values = new LinkedHashMap<>(other.values);
        } else {
            values.clear();
            values.putAll(other.values);
        }
    }

    /**
     * Session-level SQL that brings a server connection whose parameters are {@code current} to these:
     * a RESET for each one set there and not here, a SET for each one that differs. Empty where they agree.
     */
    public List<String> sessionSqlFrom(TrackedParameters current) {
        if (values == null && current.values == null) {
            return List.of();
        }
        List<String> sql = null;
        if (current.values != null) {
            for (TrackedSetting had : current.values.values()) {
                if (!has(had.name())) {
                    sql = add(sql, TrackedSetting.reset(had.name()).applySql(false));
                }
            }
        }
        for (Map.Entry<String, TrackedSetting> e : entries()) {
            if (!e.getValue().equals(current.values == null ? null : current.values.get(e.getKey()))) {
                sql = add(sql, e.getValue().applySql(false));
            }
        }
        return sql == null ? List.of() : sql;
    }

    /** Transaction-local SQL ({@code SET LOCAL}, {@code set_config(..., true)}) applying every value, in order. */
    public List<String> localSql() {
        if (values == null) {
            return List.of();
        }
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
        return o instanceof TrackedParameters && Objects.equals(values, ((TrackedParameters) o).values);
    }

    @Override
    public int hashCode() {
        return Objects.hashCode(values);
    }

    @Override
    public String toString() {
        return values == null ? "[]" : values.values().toString();
    }

    private Collection<Map.Entry<String, TrackedSetting>> entries() {
        return values == null ? List.of() : values.entrySet();
    }
}
