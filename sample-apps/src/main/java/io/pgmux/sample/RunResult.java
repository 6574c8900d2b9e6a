package io.pgmux.sample;

import java.util.Locale;

/**
 * What a run measured, and the one JSON line it prints. The line ends with the non-empty latency buckets,
 * {@code "histogram_us":[[bucket start µs, count], ...]}, from which the benchmark draws its latency histogram.
 */
final class RunResult {
    final Style style;
    final Mode mode;
    final int threads;
    /** Requests that completed. */
    final long requests;
    /** Requests that failed. */
    final long errors;
    final long elapsedNanos;
    final LatencyHistogram latencies;

    RunResult(Style style, Mode mode, int threads, long requests, long errors, long elapsedNanos,
              LatencyHistogram latencies) {
        this.style = style;
        this.mode = mode;
        this.threads = threads;
        this.requests = requests;
        this.errors = errors;
        this.elapsedNanos = elapsedNanos;
        this.latencies = latencies;
    }

    double tps() {
        return elapsedNanos <= 0 ? 0 : requests / (elapsedNanos / 1e9);
    }

    String toJson() {
        StringBuilder json = new StringBuilder(String.format(Locale.ROOT,
                "{\"style\":\"%s\",\"threads\":%d,\"requests\":%d,\"errors\":%d,\"tps\":%.1f,"
                        + "\"p50_ms\":%.3f,\"p99_ms\":%.3f,\"mode\":\"%s\",\"max_ms\":%.3f,\"elapsed_s\":%.3f,"
                        + "\"histogram_us\":[",
                style.cliName(), threads, requests, errors, tps(),
                latencies.percentileMicros(0.50) / 1e3, latencies.percentileMicros(0.99) / 1e3,
                mode.cliName(), latencies.maxMicros() / 1e3, elapsedNanos / 1e9));
        boolean first = true;
        for (int i = 0; i < LatencyHistogram.buckets(); i++) {
            long count = latencies.countAt(i);
            if (count > 0) {
                json.append(first ? "[" : ",[").append(LatencyHistogram.lowestValue(i)).append(',').append(count).append(']');
                first = false;
            }
        }
        return json.append("]}").toString();
    }
}
