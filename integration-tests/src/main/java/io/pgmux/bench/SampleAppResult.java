package io.pgmux.bench;

import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The one JSON line a sample app prints: {"style":..,"requests":..,"errors":..,"tps":..,"p50_ms":..,"p99_ms":..,
 * "max_ms":..,"histogram_us":[[bucket start µs, count],..]}.
 */
record SampleAppResult(long requests, long errors, double tps, double p50Ms, double p99Ms, double maxMs,
                       LatencyBins latencies) {

    private static final Pattern HISTOGRAM = Pattern.compile("\"histogram_us\"\\s*:\\s*\\[((?:\\s*\\[[^\\]]*\\]\\s*,?)*)\\]");
    private static final Pattern BUCKET = Pattern.compile("\\[\\s*(\\d+)\\s*,\\s*(\\d+)\\s*\\]");

    /** Null where the line is not such a JSON object. */
    static SampleAppResult parse(String line) {
        if (line == null || !line.trim().startsWith("{")) {
            return null;
        }
        try {
            return new SampleAppResult((long) number(line, "requests"), (long) number(line, "errors"),
                    number(line, "tps"), number(line, "p50_ms"), number(line, "p99_ms"), number(line, "max_ms"),
                    histogram(line));
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

    private static LatencyBins histogram(String json) {
        Matcher histogram = HISTOGRAM.matcher(json);
        if (!histogram.find()) {
            throw new IllegalArgumentException("no field histogram_us");
        }
        List<long[]> buckets = new ArrayList<>();
        Matcher bucket = BUCKET.matcher(histogram.group(1));
        while (bucket.find()) {
            buckets.add(new long[] {Long.parseLong(bucket.group(1)), Long.parseLong(bucket.group(2))});
        }
        return LatencyBins.fromBuckets(buckets.toArray(new long[0][]));
    }
}
