package io.pgmux.stats;

import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Properties;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** Masks passwords in URLs, settings and names before they reach a log line, an MBean or a metric. */
public final class Secrets {
    public static final String MASK = "****";

    /** Setting names whose whole value is a secret. */
    private static final Pattern SECRET_NAME = Pattern.compile(
            "(?i).*(password|passwd|pwd|secret|token|credential|apikey|api_key|sslkey).*");
    /** {@code password=...} and the like inside a URL query, a JDBC property list or a libpq connection string. */
    private static final Pattern SECRET_PARAMETER = Pattern.compile(
            "(?i)((?:[a-z_.]*)(?:password|passwd|pwd|secret|token)[a-z_.]*\\s*[=:]\\s*)([^&;,\\s]+)");
    /** {@code scheme://user:password@host}. */
    private static final Pattern USER_INFO = Pattern.compile("(//[^/:@\\s]*:)([^@/\\s]+)(@)");

    private Secrets() {
    }

    /** The text with the password of any URL, connection string or {@code key=value} list in it masked. */
    public static String mask(String text) {
        if (text == null || text.isEmpty()) {
            return text;
        }
        String masked = USER_INFO.matcher(text).replaceAll("$1" + Matcher.quoteReplacement(MASK) + "$3");
        return SECRET_PARAMETER.matcher(masked).replaceAll("$1" + Matcher.quoteReplacement(MASK));
    }

    /** The value of a setting as it may be shown: all of it masked where the name says secret. */
    public static String mask(String name, String value) {
        if (value == null || value.isEmpty()) {
            return value;
        }
        if (name != null && SECRET_NAME.matcher(name.toLowerCase(Locale.ROOT)).matches()) {
            return MASK;
        }
        return mask(value);
    }

    /** A copy of the settings that may be shown. */
    public static Map<String, String> mask(Map<String, String> settings) {
        Map<String, String> masked = new LinkedHashMap<>();
        for (Map.Entry<String, String> e : settings.entrySet()) {
            masked.put(e.getKey(), mask(e.getKey(), e.getValue()));
        }
        return masked;
    }

    /** A copy of the properties that may be shown. */
    public static Properties mask(Properties properties) {
        Properties masked = new Properties();
        for (String name : properties.stringPropertyNames()) {
            masked.setProperty(name, mask(name, properties.getProperty(name)));
        }
        return masked;
    }
}
