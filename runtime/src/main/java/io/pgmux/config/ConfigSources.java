package io.pgmux.config;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Properties;

/**
 * Gathers settings from the agent's sources, strongest first: agent arguments, system properties, environment
 * ({@code PGMUX_POOL_SIZE}), a properties file named by {@code pgmux.config}, then the defaults.
 */
public final class ConfigSources {
    private static final String CONFIG_KEY = PgmuxConfig.Key.CONFIG.name;
    private static final String ENV_PREFIX = "PGMUX_";

    private final Map<String, String> values;
    private final List<String> problems;

    private ConfigSources(Map<String, String> values, List<String> problems) {
        this.values = values;
        this.problems = problems;
    }

    /** Reads the sources; a file that cannot be read is a problem reported by {@link #toConfig()}, not an exception. */
    public static ConfigSources collect(String agentArgs, Properties systemProperties, Map<String, String> environment) {
        List<String> problems = new ArrayList<>();
        Map<String, String> fromArgs = parseAgentArgs(agentArgs, problems);
        Map<String, String> fromSystem = new LinkedHashMap<>();
        for (String name : systemProperties.stringPropertyNames()) {
            if (name.startsWith(PgmuxConfig.PREFIX)) {
                fromSystem.put(name, systemProperties.getProperty(name));
            }
        }
        Map<String, String> fromEnv = fromEnvironment(environment, problems);

        String file = firstOf(CONFIG_KEY, fromArgs, fromSystem, fromEnv);
        Map<String, String> fromFile = file == null ? Map.of() : readFile(file, problems);

        Map<String, String> merged = new LinkedHashMap<>(fromFile);
        merged.putAll(fromEnv);
        merged.putAll(fromSystem);
        merged.putAll(fromArgs);
        return new ConfigSources(merged, problems);
    }

    /** The merged values, as given ({@code pgmux.*} keys). */
    public Map<String, String> values() {
        return values;
    }

    /** Whether {@code pgmux.strict=true} was asked for, readable even where the rest is invalid. */
    public boolean strictRequested() {
        return "true".equalsIgnoreCase(String.valueOf(values.get(PgmuxConfig.Key.STRICT.name)).trim());
    }

    /** Validates everything gathered; reading problems (an unreadable file) are reported with the settings' own. */
    public PgmuxConfig toConfig() throws ConfigException {
        try {
            PgmuxConfig config = PgmuxConfig.parse(values);
            if (!problems.isEmpty()) {
                throw new ConfigException(problems);
            }
            return config;
        } catch (ConfigException e) {
            List<String> all = new ArrayList<>(problems);
            for (String p : e.problems()) {
                if (!all.contains(p)) {
                    all.add(p);
                }
            }
            throw new ConfigException(all);
        }
    }

    /**
     * {@code key=value,key=value}; a comma inside a value (a list such as {@code trackedParameters=a,b}) is kept when
     * the part after it has no {@code =}.
     */
    static Map<String, String> parseAgentArgs(String args, List<String> problems) {
        Map<String, String> values = new LinkedHashMap<>();
        if (args == null || args.trim().isEmpty()) {
            return values;
        }
        String lastKey = null;
        for (String part : args.split(",")) {
            int eq = part.indexOf('=');
            if (eq < 0) {
                if (lastKey == null) {
                    problems.add("agent argument '" + part + "' is not valid: expected key=value, e.g. "
                            + "-javaagent:pgmux-agent.jar=pool.size=10,target=127.0.0.1:6432");
                } else {
                    values.put(lastKey, values.get(lastKey) + "," + part);
                }
                continue;
            }
            lastKey = PgmuxConfig.qualify(part.substring(0, eq));
            values.put(lastKey, part.substring(eq + 1));
        }
        return values;
    }

    private static Map<String, String> fromEnvironment(Map<String, String> environment, List<String> problems) {
        Map<String, String> byEnvName = new LinkedHashMap<>();
        for (String key : PgmuxConfig.knownKeys()) {
            byEnvName.put(key.replace('.', '_').toUpperCase(Locale.ROOT), key);
        }
        Map<String, String> values = new LinkedHashMap<>();
        for (Map.Entry<String, String> e : environment.entrySet()) {
            String name = e.getKey();
            if (!name.startsWith(ENV_PREFIX)) {
                continue;
            }
            String key = byEnvName.get(name.toUpperCase(Locale.ROOT));
            if (key == null) {
                problems.add("unknown environment variable " + name + "=" + e.getValue()
                        + ": known ones are " + String.join(", ", byEnvName.keySet()));
            } else {
                values.put(key, e.getValue());
            }
        }
        return values;
    }

    private static Map<String, String> readFile(String file, List<String> problems) {
        Map<String, String> values = new LinkedHashMap<>();
        Path path = Paths.get(file);
        Properties properties = new Properties();
        try (InputStream in = Files.newInputStream(path)) {
            properties.load(in);
        } catch (IOException | RuntimeException e) {
            problems.add(CONFIG_KEY + "=" + file + " cannot be read (" + e + "): give the path of a readable "
                    + "properties file");
            return values;
        }
        for (String name : properties.stringPropertyNames()) {
            values.put(PgmuxConfig.qualify(name), properties.getProperty(name));
        }
        return values;
    }

    @SafeVarargs
    private static String firstOf(String key, Map<String, String>... sources) {
        for (Map<String, String> source : sources) {
            String value = source.get(key);
            if (value != null && !value.trim().isEmpty()) {
                return value.trim();
            }
        }
        return null;
    }
}
