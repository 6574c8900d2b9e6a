package io.pgmux.sample.boot;

public record Total(long accounts, long total) {
}
