package io.pgmux.bench;

import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** The one JSON line a sample app prints: {"style":..,"requests":..,"errors":..,"tps":..,"p50_ms":..,"p99_ms":..}. */
record SampleAppResult(long requests, long errors, double tps, double p50Ms, double p99Ms) {

    /** Null where the line is not such a JSON object. */
    static SampleAppResult parse(String line) {
        if (line == null || !line.trim().startsWith("{")) {
            return null;
        }
        try {
            return new SampleAppResult((long) number(line, "requests"), (long) number(line, "errors"),
                    number(line, "tps"), number(line, "p50_ms"), number(line, "p99_ms"));
        } catch (IllegalArgumentException e) {
            return null;
        }
    }

    private static double number(String json, String field) {
        Matcher matcher = Pattern.compile("\"" + field + "\"\\s*:\\s*(-?[0-9.eE+-]+)").matcher(json);
        if (!matcher.find()) {
            throw new IllegalArgumentException("no field " + field);
        }
        return Double.parseDouble(matcher.group(1));
    }
}
