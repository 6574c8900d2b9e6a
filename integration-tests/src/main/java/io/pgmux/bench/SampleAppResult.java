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

    private static final String HISTOGRAM = "\"histogram_us\":[";
    private static final Pattern BUCKET = Pattern.compile(",?\\[(\\d+),(\\d+)\\]");

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

    /** Read bucket by bucket: one pattern over the whole list would recurse once per bucket and overflow the stack. */
    private static LatencyBins histogram(String json) {
        int list = json.indexOf(HISTOGRAM);
        if (list < 0) {
            throw new IllegalArgumentException("no field histogram_us");
        }
        int end = list + HISTOGRAM.length();
        List<long[]> buckets = new ArrayList<>();
        Matcher bucket = BUCKET.matcher(json).region(list + HISTOGRAM.length(), json.length());
        while (bucket.lookingAt()) {
            buckets.add(new long[] {Long.parseLong(bucket.group(1)), Long.parseLong(bucket.group(2))});
            end = bucket.end();
            bucket.region(end, json.length());
        }
        if (!json.startsWith("]", end)) {
            throw new IllegalArgumentException("histogram_us is not a list of [start, count] pairs");
        }
        return LatencyBins.fromBuckets(buckets.toArray(new long[0][]));
    }
}
