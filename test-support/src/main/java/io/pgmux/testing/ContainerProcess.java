package io.pgmux.testing;

import com.github.dockerjava.api.DockerClient;
import com.github.dockerjava.api.command.InspectContainerResponse;
import java.sql.SQLException;
import java.time.Duration;
import java.time.Instant;
import org.testcontainers.containers.GenericContainer;

/** A server in a container: stop and start keep the container (and its fixed host port); pause freezes it. */
final class ContainerProcess implements ServerProcess {

    interface ReadinessProbe {
        boolean ready() throws SQLException;
    }

    private static final Duration START_TIMEOUT = Duration.ofSeconds(60);
    private static final int STOP_TIMEOUT_SECONDS = 10;

    private final String name;
    private final GenericContainer<?> container;
    private final ReadinessProbe probe;

    ContainerProcess(String name, GenericContainer<?> container, ReadinessProbe probe) {
        this.name = name;
        this.container = container;
        this.probe = probe;
    }

    @Override
    public synchronized void stop() {
        InspectContainerResponse.ContainerState state = state();
        if (!Boolean.TRUE.equals(state.getRunning())) {
            return;
        }
        if (Boolean.TRUE.equals(state.getPaused())) {
            docker().unpauseContainerCmd(container.getContainerId()).exec();
        }
        docker().stopContainerCmd(container.getContainerId()).withTimeout(STOP_TIMEOUT_SECONDS).exec();
    }

    @Override
    public synchronized void start() {
        if (!isRunning()) {
            docker().startContainerCmd(container.getContainerId()).exec();
        }
        awaitReady();
    }

    @Override
    public synchronized void restart() {
        stop();
        start();
    }

    @Override
    public synchronized void pause() {
        docker().pauseContainerCmd(container.getContainerId()).exec();
    }

    @Override
    public synchronized void resume() {
        if (Boolean.TRUE.equals(state().getPaused())) {
            docker().unpauseContainerCmd(container.getContainerId()).exec();
        }
    }

    @Override
    public long pid() {
        if (!isRunning()) {
            throw new IllegalStateException(name + " container " + container.getContainerId() + " is not running");
        }
        return state().getPidLong();
    }

    @Override
    public boolean isRunning() {
        return Boolean.TRUE.equals(state().getRunning());
    }

    private void awaitReady() {
        Instant deadline = Instant.now().plus(START_TIMEOUT);
        SQLException lastFailure = null;
        while (Instant.now().isBefore(deadline)) {
            try {
                if (probe.ready()) {
                    return;
                }
            } catch (SQLException notYet) {
                lastFailure = notYet;
            }
            try {
                Thread.sleep(100);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException("Interrupted while waiting for " + name, e);
            }
        }
        throw new IllegalStateException(name + " container did not accept connections within " + START_TIMEOUT.toSeconds()
                + " s" + (lastFailure == null ? "" : ": " + lastFailure.getMessage()) + ". Its log:\n" + container.getLogs());
    }

    private InspectContainerResponse.ContainerState state() {
        return docker().inspectContainerCmd(container.getContainerId()).exec().getState();
    }

    private DockerClient docker() {
        return container.getDockerClient();
    }
}
