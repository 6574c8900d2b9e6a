package io.pgmux.sample;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;

/** Runs the request threads of one style together and gathers what they measured. */
final class LoadRun {
    private LoadRun() {
    }

    static RunResult run(Options options, ConnectionSource source, int scale, ErrorLog errorLog)
            throws InterruptedException {
        Worker.RunLimit limit = new Worker.RunLimit(options.warmupSeconds, options.durationSeconds, options.requests);
        CountDownLatch start = new CountDownLatch(1);
        CountDownLatch finished = new CountDownLatch(options.threads);
        boolean holds = options.style == Style.HOLD;
        List<Worker> workers = new ArrayList<>(options.threads);
        List<Thread> threads = new ArrayList<>(options.threads);
        for (int i = 0; i < options.threads; i++) {
            Worker worker = new Worker(source, holds, options.mode, options.readOnly, scale, limit, start, finished, errorLog);
            if (holds) {
                worker.openHeldConnection();
            }
            Thread thread = new Thread(worker, "request-" + (i + 1));
            workers.add(worker);
            threads.add(thread);
            thread.start();
        }
        long began = limit.start(System.nanoTime());
        start.countDown();
        finished.await();
        long elapsed = System.nanoTime() - began;
        for (Thread thread : threads) {
            thread.join();
        }
        LatencyHistogram latencies = new LatencyHistogram();
        long errors = 0;
        for (Worker worker : workers) {
            latencies.add(worker.latencies());
            errors += worker.errors();
        }
        return new RunResult(options.style, options.mode, options.threads, latencies.count(), errors, elapsed, latencies);
    }
}
