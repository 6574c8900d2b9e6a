package io.pgmux.sample.boot;

public record TransferResult(long from, long to, long amount, long fromBalance, long toBalance) {
}
