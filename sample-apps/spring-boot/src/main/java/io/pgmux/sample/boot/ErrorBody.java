package io.pgmux.sample.boot;

/** What every failed request answers; sqlState is null where the failure did not come from PostgreSQL. */
public record ErrorBody(int status, String error, String sqlState, boolean retryable) {
}
